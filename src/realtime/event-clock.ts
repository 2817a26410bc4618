import type { RedisConnection } from '../redis/redis-connection.js';
import { seqKey, versionsKey } from '../redis/keys.js';

export const EVENT_CLOCK = Symbol('EventClock');

/**
 * Per event: `seq`, raised by every change of state, and the versions of its counters (poll
 * tallies, reactions, ...). Stores raise them inside the change itself; this port only reads.
 */
export interface EventClock {
  seq(eventId: string): Promise<number>;
  versions(eventId: string): Promise<Record<string, number>>;
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

export class RedisEventClock implements EventClock {
  constructor(private readonly redis: RedisConnection) {}

  async seq(eventId: string): Promise<number> {
    return Number((await this.redis.client.get(seqKey(eventId))) ?? 0);
  }

  async versions(eventId: string): Promise<Record<string, number>> {
    const raw = await this.redis.client.hgetall(versionsKey(eventId));
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = Number(v);
    return out;
  }
}
