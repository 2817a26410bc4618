import type { Identity, Role } from '../../src/auth/identity.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { SnapshotService } from '../../src/events/snapshot.service.js';
import type { EventState } from '../../src/protocol/events.js';
import { MemoryEventStore } from '../../src/events/store/memory-event.store.js';
import { Metrics } from '../../src/ops/metrics.js';
import { CounterTicker } from '../../src/realtime/counter-ticker.js';
import { AppError } from '../../src/common/errors.js';
import { MemoryEventClock } from '../../src/realtime/event-clock.js';
import { RecordingBroadcaster } from './recording-broadcaster.js';

/** The event of the services' unit tests. */
export const EVENT = 'ev1';

export function person(role: Role, id: string, country: string | null = null): Identity {
  return { role, eventId: EVENT, id, name: null, country, locale: null, koc: false };
}

/** The error code a call is refused with, or 'resolved'. */
export async function errorCode(call: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'resolved';
}

export interface UnitContext {
  config: AppConfig;
  clock: MemoryEventClock;
  events: MemoryEventStore;
  broadcaster: RecordingBroadcaster;
  snapshots: SnapshotService;
  /** Ticks only when a test calls `tick()` (its interval is long); stopped by `close()`. */
  ticker: CounterTicker;
  close(): void;
}

/** What a feature service needs around it, in memory, with EVENT created and tracked by the ticker. */
export async function unitContext(env: Record<string, string> = {}, moderation = true): Promise<UnitContext> {
  const config = loadConfig({ TALLY_INTERVAL_MS: '10000', ...env });
  const clock = new MemoryEventClock();
  const events = new MemoryEventStore();
  await events.create({ id: EVENT, name: 'E', moderation, inviteCodes: [], createdAt: 1 });
  const broadcaster = new RecordingBroadcaster(config);
  const ticker = new CounterTicker(config, clock, new Metrics(config, null), broadcaster);
  ticker.track(EVENT);
  return {
    config,
    clock,
    events,
    broadcaster,
    snapshots: new SnapshotService(events, clock),
    ticker,
    close: () => ticker.onModuleDestroy(),
  };
}

/** The snapshot a feature service's test reads, typed whole (every feature it registered filled it). */
export async function stateOf(snapshots: SnapshotService, identity: Identity): Promise<EventState> {
  return (await snapshots.build(identity)) as unknown as EventState;
}
