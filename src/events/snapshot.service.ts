import { Inject, Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { AppError } from '../common/errors.js';
import { EVENT_CLOCK, type EventClock } from '../realtime/event-clock.js';
import { EVENT_STORE, type EventStore } from './event.store.js';
import type { CoreState } from './event.types.js';

/** A feature's part of the snapshot, whole, as the given identity may see it. */
export interface SnapshotContributor {
  contribute(identity: Identity): Promise<object>;
}

/** The core's part and every feature's (src/protocol/events.ts types the whole: EventState). */
export type Snapshot = CoreState & Record<string, unknown>;

/** Assembles `state` from the parts each feature registers (features never import each other). */
@Injectable()
export class SnapshotService {
  private readonly contributors: SnapshotContributor[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(EVENT_CLOCK) private readonly clock: EventClock,
  ) {}

  register(contributor: SnapshotContributor): void {
    this.contributors.push(contributor);
  }

  async build(identity: Identity): Promise<Snapshot> {
    // seq is read before the parts: the parts then hold every change up to seq (maybe more, which
    // the broadcasts that follow repeat harmlessly: they replace by id).
    const [event, seq] = await Promise.all([this.events.get(identity.eventId), this.clock.seq(identity.eventId)]);
    if (!event) throw new AppError('NOT_FOUND', 'No such event');
    const parts = await Promise.all(this.contributors.map((c) => c.contribute(identity)));
    const state: CoreState = {
      eventId: event.id,
      name: event.name,
      seq,
      serverTime: Date.now(),
      role: identity.role,
      me:
        identity.role === 'audience'
          ? { id: identity.id, name: identity.name, country: identity.country, koc: identity.koc }
          : null,
    };
    return Object.assign(state, ...parts) as Snapshot;
  }
}
