import { evKey } from '../../redis/keys.js';
import type { RedisConnection } from '../../redis/redis-connection.js';
import type { EventStore } from '../event.store.js';
import type { EventInfo, Me } from '../event.types.js';
import { copyEvent } from './memory-event.store.js';

const infoKey = (id: string): string => evKey(id, 'info');
const peopleKey = (id: string): string => evKey(id, 'people');

/**
 * How long a node keeps an event it read. Events never change once created (the forum's moderation
 * switch lives in the forum's store), and every join, handshake and snapshot reads one: kept
 * briefly, not forever, so that one removed from Redis by hand is gone from every node soon after.
 */
export const EVENT_CACHE_MS = 5_000;
const MAX_CACHED = 1_000;

export class RedisEventStore implements EventStore {
  /** Events found, until `until`; and reads under way, shared by everyone asking meanwhile. */
  private readonly cached = new Map<string, { event: EventInfo; until: number }>();
  private readonly reading = new Map<string, Promise<EventInfo | null>>();

  constructor(private readonly redis: RedisConnection) {}

  async create(event: EventInfo): Promise<boolean> {
    return (
      (await this.redis.write(infoKey(event.id), (p) => p.set(infoKey(event.id), JSON.stringify(event), 'NX'))) === 'OK'
    );
  }

  async get(id: string): Promise<EventInfo | null> {
    const hit = this.cached.get(id);
    if (hit && hit.until > Date.now()) return copyEvent(hit.event);
    let read = this.reading.get(id);
    if (!read) {
      read = this.read(id).finally(() => this.reading.delete(id));
      this.reading.set(id, read);
    }
    const event = await read;
    return event && copyEvent(event);
  }

  /** Only events found are kept: one created on another node is seen at once. */
  private async read(id: string): Promise<EventInfo | null> {
    const raw = await this.redis.client.get(infoKey(id));
    if (raw === null) return null;
    const event = JSON.parse(raw) as EventInfo;
    if (this.cached.size >= MAX_CACHED) this.cached.clear();
    this.cached.set(id, { event, until: Date.now() + EVENT_CACHE_MS });
    return event;
  }

  async addPerson(eventId: string, person: Me): Promise<void> {
    const key = peopleKey(eventId);
    const value = JSON.stringify(person);
    // Without replicas to wait for, a plain HSET rides on this turn's auto-pipeline.
    if (this.redis.durability.minReplicas === 0) await this.redis.client.hset(key, person.id, value);
    else await this.redis.write(key, (p) => p.hset(key, person.id, value));
  }

  async people(eventId: string, ids: string[]): Promise<Record<string, Me>> {
    if (ids.length === 0) return {};
    const raw = await this.redis.client.hmget(peopleKey(eventId), ...ids);
    const out: Record<string, Me> = {};
    ids.forEach((id, i) => {
      const person = raw[i];
      if (person) out[id] = JSON.parse(person) as Me;
    });
    return out;
  }

  async ping(): Promise<void> {
    await this.redis.client.ping();
  }
}
