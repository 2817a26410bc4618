import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { REVOCATION_STORE, type RevocationStore } from '../auth/revocation.store.js';
import { Revocations } from '../auth/revocations.js';
import { AppError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { FigureRecorder } from '../ops/figure-recorder.js';
import { FIGURE_STORE, type FigureStore } from '../ops/figure.store.js';
import { Broadcaster } from '../realtime/broadcaster.js';
import { EVENT_CLOCK, type EventClock } from '../realtime/event-clock.js';
import { eventRoom, personRoom, roleRoom, type AppServer } from '../realtime/protocol.js';
import { EventData } from './event-data.js';
import { EventSignals, type EventSignal } from './event-signals.js';
import { EVENT_STORE, type EventStore } from './event.store.js';
import type { EventInfo, EventsBroadcasts } from './event.types.js';

const HOUR_MS = 3_600_000;
/** After a deletion, the event's tag is swept once more: a node's write in flight then is gone too. */
const SWEEP_AGAIN_MS = 10_000;

/**
 * PROTOCOL section 11's changes of an event's data: its end, one person's erasure, the reset after
 * a rehearsal, the deletion, and the retention sweep. The core's stores and every registered part.
 */
@Injectable()
export class EventLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventData');
  private server: AppServer | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(EVENT_CLOCK) private readonly clock: EventClock,
    @Inject(REVOCATION_STORE) private readonly revocationStore: RevocationStore,
    @Inject(FIGURE_STORE) private readonly figures: FigureStore,
    private readonly data: EventData,
    private readonly revocations: Revocations,
    private readonly recorder: FigureRecorder,
    private readonly signals: EventSignals,
    private readonly broadcaster: Broadcaster,
  ) {
    signals.on((signal) => this.apply(signal));
  }

  /** The Socket.IO server (EventsGateway.afterInit): signals reach every node's sockets through it. */
  attach(server: AppServer): void {
    this.server = server;
    this.signals.attach(server);
  }

  onApplicationBootstrap(): void {
    if (this.config.EVENT_RETENTION_DAYS === undefined) return;
    const sweep = (): void => void this.sweepRetention().catch((err: unknown) => this.warn('Retention sweep', err));
    this.later(sweep, 0);
    const hourly = setInterval(sweep, HOUR_MS);
    hourly.unref();
    this.timers.add(hourly);
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Sets `endedAt` once; the event as it is. */
  async end(eventId: string): Promise<EventInfo> {
    const event = await this.events.end(eventId, Date.now());
    if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}`);
    this.signals.send({ kind: 'ended', eventId });
    return event;
  }

  /**
   * Erases one audience member: refused first (stored, then known by every node), their sockets
   * closed on every node, then every part's data of them and their record. Idempotent.
   */
  async erase(eventId: string, personId: string): Promise<void> {
    const digest = await this.revocations.revoke(eventId, personId);
    this.signals.send({ kind: 'revoked', eventId, digest });
    // Crosses nodes through the adapter.
    this.server?.in(personRoom(eventId, personId)).disconnectSockets(true);
    for (const part of this.data.parts) await part.erasePerson(eventId, personId);
    await this.events.removePerson(eventId, personId);
  }

  /** The person's own data (`GET /api/me/export`): their record and every part's, by part name. */
  async personData(identity: Identity): Promise<Record<string, unknown>> {
    const { eventId, id } = identity;
    const record = (await this.events.people(eventId, [id]))[id] ?? null;
    const out: Record<string, unknown> = {
      eventId,
      person: record && {
        id,
        name: record.name,
        country: record.country,
        koc: record.koc,
        joinedAt: record.joinedAt ?? null,
      },
    };
    for (const part of this.data.parts) out[part.name] = await part.exportPerson(eventId, id);
    return out;
  }

  /**
   * After a rehearsal: the rehearsal's audience refused and closed (their tokens' generation is
   * past), every part's reset, the core's figures and revocations gone; then `event:reset` with the
   * seq as it is now, to everyone still connected (staff), who resync.
   */
  async reset(eventId: string): Promise<{ eventId: string; seq: number }> {
    const raised = await this.events.reset(eventId);
    if (!raised) throw new AppError('NOT_FOUND', `No event ${eventId}`);
    this.signals.send({ kind: 'reset', eventId, ...raised });
    for (const part of this.data.parts) await part.reset(eventId);
    await Promise.all([this.figures.clear(eventId), this.revocationStore.clear(eventId)]);
    // A flush of this node's between the signal and the clear is wiped: its peaks are written again.
    this.recorder.forget(eventId, false);
    const seq = Math.max(raised.seq, await this.clock.seq(eventId));
    this.broadcaster.typed<EventsBroadcasts>().everyone(eventId, seq, {
      event: 'event:reset',
      payload: { eventId, seq },
    });
    return { eventId, seq };
  }

  /**
   * The event and all its data: refused from now on (its info goes first), its sockets told and
   * closed on every node, every part's keys, then the core's; a sweep of its hash tag removes what
   * is left (and says so: a part that forgot a key), now and once more a little later.
   */
  async delete(eventId: string): Promise<boolean> {
    const existed = (await this.events.get(eventId)) !== null;
    await this.events.delete(eventId);
    this.signals.send({ kind: 'deleted', eventId });
    for (const part of this.data.parts) await part.deleteEvent(eventId);
    await Promise.all([this.figures.clear(eventId), this.revocationStore.clear(eventId)]);
    await this.events.delete(eventId);
    await this.sweep(eventId, true);
    this.later(() => void this.sweep(eventId, false).catch((err: unknown) => this.warn('Sweep', err)), SWEEP_AGAIN_MS);
    return existed;
  }

  /** Deletes every event that ended more than EVENT_RETENTION_DAYS ago. */
  async sweepRetention(now = Date.now()): Promise<string[]> {
    const days = this.config.EVENT_RETENTION_DAYS;
    if (days === undefined) return [];
    const ids = await this.events.endedBefore(now - days * 24 * HOUR_MS);
    for (const id of ids) {
      await this.delete(id);
      this.logger.log(`Event ${id} deleted: it ended more than ${days} days ago (EVENT_RETENTION_DAYS)`);
    }
    return ids;
  }

  private async sweep(eventId: string, report: boolean): Promise<void> {
    const left = await this.events.sweep(eventId);
    if (left.length > 0 && report) this.logger.warn(`Keys left after deleting ${eventId}: ${left.join(', ')}`);
  }

  /** What every node does, the one that made the change included. */
  private apply(signal: EventSignal): void {
    const { eventId } = signal;
    this.events.forget(eventId);
    const server = this.server;
    switch (signal.kind) {
      case 'revoked':
        this.revocations.learn(eventId, signal.digest);
        return;
      case 'ended':
        return;
      case 'reset': {
        this.revocations.generation(eventId, signal.generation);
        this.recorder.forget(eventId, false);
        if (!server) return;
        // The rehearsal's audience: told, then closed (in this order on each node's own sockets).
        const audience = roleRoom(eventId, 'audience');
        server.local.to(audience).emit('event:reset', { eventId, seq: signal.seq });
        server.local.in(audience).disconnectSockets(true);
        return;
      }
      case 'deleted':
        this.revocations.forget(eventId);
        this.recorder.forget(eventId, true);
        if (!server) return;
        server.local.to(eventRoom(eventId)).emit('event:deleted', { eventId });
        server.local.in(eventRoom(eventId)).disconnectSockets(true);
    }
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private warn(what: string, err: unknown): void {
    this.logger.warn(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
