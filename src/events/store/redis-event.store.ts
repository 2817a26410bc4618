import { evKey } from '../../redis/keys.js';
import type { RedisConnection } from '../../redis/redis-connection.js';
import type { EventStore } from '../event.store.js';
import type { EventInfo, Me } from '../event.types.js';

const infoKey = (id: string): string => evKey(id, 'info');
const peopleKey = (id: string): string => evKey(id, 'people');

export class RedisEventStore implements EventStore {
  constructor(private readonly redis: RedisConnection) {}

  async create(event: EventInfo): Promise<boolean> {
    return (
      (await this.redis.write(infoKey(event.id), (p) => p.set(infoKey(event.id), JSON.stringify(event), 'NX'))) === 'OK'
    );
  }

  async get(id: string): Promise<EventInfo | null> {
    const raw = await this.redis.client.get(infoKey(id));
    return raw === null ? null : (JSON.parse(raw) as EventInfo);
  }

  async addPerson(eventId: string, person: Me): Promise<void> {
    await this.redis.write(peopleKey(eventId), (p) => p.hset(peopleKey(eventId), person.id, JSON.stringify(person)));
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
