import type { RedisConnection } from '../redis/redis-connection.js';
import { seqKey, versionsKey } from '../redis/keys.js';
import { TurnBatch } from '../redis/turn-batch.js';

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

/**
 * Every snapshot reads both (a crowd connecting, a node's sockets resyncing after a failover): the
 * calls of one turn share one read per event, sent after all of them were made (so it is never
 * older than any of them; see TurnBatch).
 */
export class RedisEventClock implements EventClock {
  private readonly seqs = new TurnBatch<null, number>((_, eventId) => this.readSeq(eventId), Infinity);
  private readonly counters = new TurnBatch<null, Record<string, number>>(
    (_, eventId) => this.readVersions(eventId),
    Infinity,
  );

  constructor(private readonly redis: RedisConnection) {}

  seq(eventId: string): Promise<number> {
    return this.seqs.add(eventId, null);
  }

  versions(eventId: string): Promise<Record<string, number>> {
    return this.counters.add(eventId, null);
  }

  private async readSeq(eventId: string): Promise<number> {
    return Number((await this.redis.client.get(seqKey(eventId))) ?? 0);
  }

  private async readVersions(eventId: string): Promise<Record<string, number>> {
    const raw = await this.redis.client.hgetall(versionsKey(eventId));
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = Number(v);
    return out;
  }
}
