import { Inject, Injectable } from '@nestjs/common';
import type { Identity, Role } from '../auth/identity.js';
import { AppError } from '../common/errors.js';
import { EVENT_CLOCK, type EventClock } from '../realtime/event-clock.js';
import { EVENT_STORE, type EventStore } from './event.store.js';
import type { CoreState } from './event.types.js';

/** What every socket of a role sees alike (`part`), and what the personal part needs of it (never sent). */
export interface SharedPart<C> {
  part: object;
  context: C;
}

/**
 * A feature's part of the snapshot, in two: what is the same for everyone of a role (built once per
 * event, role and state, and shared by every socket that connects meanwhile), and what is the
 * person's own (my votes, my questions, my points), read for each.
 */
export interface SnapshotContributor<C = undefined> {
  /**
   * The counters (name prefixes, as CounterTicker's sources own them) whose values the shared part
   * shows: they move without `seq`, so a shared part is only reused while none of them moved.
   */
  readonly counters?: readonly string[];
  /** Reads only state that moves with `seq` or with one of `counters`. */
  shared(eventId: string, role: Role): Promise<SharedPart<C>>;
  personal?(identity: Identity, context: C): Promise<object>;
}

/** The core's part and every feature's (src/protocol/events.ts types the whole: EventState). */
export type Snapshot = CoreState & Record<string, unknown>;

interface Contributor {
  shared(eventId: string, role: Role): Promise<SharedPart<unknown>>;
  personal?(identity: Identity, context: unknown): Promise<object>;
}

/** The shared parts of one event and role, as of one `seq` and one set of counter versions. */
interface Shared {
  key: string;
  parts: Promise<SharedPart<unknown>[]>;
  /** The parts once read. */
  done?: SharedPart<unknown>[];
}

/** Assembles `state` from the parts each feature registers (features never import each other). */
@Injectable()
export class SnapshotService {
  private readonly contributors: Contributor[] = [];
  private readonly counterPrefixes: string[] = [];
  /** The latest shared parts per event and role: an older key is replaced, never kept. */
  private readonly shared = new Map<string, Shared>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(EVENT_CLOCK) private readonly clock: EventClock,
  ) {}

  register<C>(contributor: SnapshotContributor<C>): void {
    const personal = contributor.personal?.bind(contributor);
    this.contributors.push({
      shared: (eventId, role) => contributor.shared(eventId, role),
      personal: personal && ((identity, context) => personal(identity, context as C)),
    });
    this.counterPrefixes.push(...(contributor.counters ?? []));
    this.shared.clear();
  }

  async build(identity: Identity): Promise<Snapshot> {
    const { eventId, role } = identity;
    // seq and the counters' versions are read before the parts: the parts then hold every change up
    // to them (maybe more, which the broadcasts that follow repeat harmlessly: they replace by id).
    // The person's own reads need the shared context; with one at hand (most joins of a storm), they
    // start with the key's reads rather than after them, and are read again only if it was not current.
    const slot = `${eventId}\n${role}`;
    const held = this.shared.get(slot)?.done;
    const early = held && this.personalParts(identity, held);
    early?.catch(() => undefined);
    const [event, seq, versions] = await Promise.all([
      this.events.get(eventId),
      this.clock.seq(eventId),
      this.counterPrefixes.length > 0 ? this.clock.versions(eventId) : Promise.resolve({}),
    ]);
    if (!event) throw new AppError('NOT_FOUND', 'No such event');
    const shared = await this.sharedParts(slot, eventId, role, `${seq}|${this.countersOf(versions)}`);
    const personal = await (early && shared === held ? early : this.personalParts(identity, shared));
    const state: CoreState = {
      eventId: event.id,
      name: event.name,
      seq,
      serverTime: Date.now(),
      role,
      me:
        role === 'audience'
          ? { id: identity.id, name: identity.name, country: identity.country, koc: identity.koc }
          : null,
    };
    const snapshot = state as Snapshot;
    shared.forEach(({ part }, i) => Object.assign(snapshot, part, personal[i]));
    return snapshot;
  }

  /**
   * Equal keys (seq and the versions of the shared counters, read after the earlier build read its
   * own) mean nothing the shared parts show has changed since those were read: they are reused as
   * they are, and builds at one key run once, however many sockets connect meanwhile.
   */
  private sharedParts(slot: string, eventId: string, role: Role, key: string): Promise<SharedPart<unknown>[]> {
    const held = this.shared.get(slot);
    if (held?.key === key) return held.parts;
    const parts = Promise.all(this.contributors.map((c) => c.shared(eventId, role)));
    const entry: Shared = { key, parts };
    this.shared.set(slot, entry);
    parts.then(
      (done) => (entry.done = done),
      // A failed read is not kept: the next connection reads again.
      () => {
        if (this.shared.get(slot) === entry) this.shared.delete(slot);
      },
    );
    return parts;
  }

  private personalParts(identity: Identity, shared: SharedPart<unknown>[]): Promise<(object | undefined)[]> {
    return Promise.all(
      this.contributors.map((c, i) => c.personal?.(identity, shared[i]?.context) ?? Promise.resolve(undefined)),
    );
  }

  /** The versions of the counters the shared parts show, in a stable order. */
  private countersOf(versions: Record<string, number>): string {
    const prefixes = this.counterPrefixes;
    return Object.keys(versions)
      .filter((name) => prefixes.some((p) => name.startsWith(p)))
      .sort()
      .map((name) => `${name}=${versions[name]}`)
      .join(',');
  }
}
