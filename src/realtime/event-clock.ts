import { LuaScript, type RedisConnection } from '../redis/redis-connection.js';
import { seqKey, versionsKey } from '../redis/keys.js';
import { CROWD_SPACING_MS, TurnBatch } from '../redis/turn-batch.js';

export const EVENT_CLOCK = Symbol('EventClock');

/**
 * Per event: `seq`, raised by every change of state, and the versions of its counters (poll
 * tallies, reactions, ...). Stores raise them inside the change itself; this port only reads.
 */
export interface EventClock {
  seq(eventId: string): Promise<number>;
  /** Shared by the callers of one turn (Redis): read-only. */
  versions(eventId: string): Promise<Readonly<Record<string, number>>>;
}

/** Embedded mode: the in-memory stores raise these synchronously, within the change. */
export class MemoryEventClock implements EventClock {
  private readonly seqs = new Map<string, number>();
  private readonly counters = new Map<string, Map<string, number>>();

  nextSeq(eventId: string): number {
    const next = (this.seqs.get(eventId) ?? 0) + 1;
    this.seqs.set(eventId, next);
    return next;
  }

  bump(eventId: string, counter: string): number {
    let versions = this.counters.get(eventId);
    if (!versions) this.counters.set(eventId, (versions = new Map<string, number>()));
    const next = (versions.get(counter) ?? 0) + 1;
    versions.set(counter, next);
    return next;
  }

  version(eventId: string, counter: string): number {
    return this.counters.get(eventId)?.get(counter) ?? 0;
  }

  seq(eventId: string): Promise<number> {
    return Promise.resolve(this.seqs.get(eventId) ?? 0);
  }

  versions(eventId: string): Promise<Record<string, number>> {
    return Promise.resolve(Object.fromEntries(this.counters.get(eventId) ?? []));
  }
}

/** Both at once, in one command (the two keys share the event's hash tag, so one slot). */
const READ_CLOCK = new LuaScript<[string | null, string[]]>(
  "return {redis.call('GET', KEYS[1]), redis.call('HGETALL', KEYS[2])}",
);

interface Reading {
  seq: number;
  versions: Record<string, number>;
}

/**
 * Every snapshot reads both (a crowd connecting, a node's sockets resyncing after a failover): the
 * calls of one turn, and of the turns while an event's read is at Redis or its last was sent less
 * than CROWD_SPACING_MS ago, share one read per event, sent after all of them were made (so it is
 * never older than any of them; see TurnBatch).
 */
export class RedisEventClock implements EventClock {
  private readonly reads = new TurnBatch<null, Reading>(
    (_, eventId) => this.readNow(eventId),
    Infinity,
    true,
    CROWD_SPACING_MS,
  );

  constructor(private readonly redis: RedisConnection) {}

  seq(eventId: string): Promise<number> {
    return this.reads.add(eventId, null).then((r) => r.seq);
  }

  versions(eventId: string): Promise<Record<string, number>> {
    return this.reads.add(eventId, null).then((r) => r.versions);
  }

  private async readNow(eventId: string): Promise<Reading> {
    const [seq, flat] = await this.redis.eval(READ_CLOCK, [seqKey(eventId), versionsKey(eventId)], []);
    const versions: Record<string, number> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) versions[flat[i]] = Number(flat[i + 1]);
    return { seq: Number(seq ?? 0), versions };
  }
}
