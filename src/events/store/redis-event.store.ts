import { Cluster } from 'ioredis';
import { EVENT_ID } from '../../common/ids.js';
import { presenceKey } from '../../ops/store/redis-presence.store.js';
import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisClient, type RedisConnection } from '../../redis/redis-connection.js';
import { SUMS } from '../../redis/lua-sums.js';
import { CROWD_SPACING_MS, TurnBatch } from '../../redis/turn-batch.js';
import { countryKey, type EventStore, type JoinCounts } from '../event.store.js';
import type { EventInfo, Me } from '../event.types.js';
import { copyEvent } from './memory-event.store.js';

const infoKey = (id: string): string => evKey(id, 'info');
const peopleKey = (id: string): string => evKey(id, 'people');
/** Hash: `endedAt`, `generation` (of audience tokens, raised by a reset): what changes of an event. */
const lifeKey = (id: string): string => evKey(id, 'life');
/** Hash: `joined`, `koc`, `c:<country>`: anonymous counters of joins. */
const joinsKey = (id: string): string => evKey(id, 'joins');
/** Zset of ended events by `endedAt`, for the retention sweep: the only key outside the events' tags. */
export const ENDED_KEY = 'summit:ended';

/**
 * KEYS: people, joins; ARGV: per person, four: id, the person as JSON, the country field, '1' for a KOC.
 * One HSET for everyone and one HINCRBY per counter (a hall's joins share few countries).
 */
const ADD_PEOPLE = new LuaScript<number>(`${SUMS}
local counts, people = sums(), {}
add(counts, 'joined', #ARGV / 4)
for i = 1, #ARGV, 4 do
  people[#people + 1] = ARGV[i]
  people[#people + 1] = ARGV[i + 1]
  add(counts, ARGV[i + 2], 1)
  if ARGV[i + 3] == '1' then add(counts, 'koc', 1) end
end
redis.call('HSET', KEYS[1], unpack(people))
hincrby(counts, KEYS[2])
return #ARGV / 4
`);
/** KEYS: info, life; ARGV: the time. Answers endedAt as stored (the first), or false: no event. */
const END = new LuaScript<string | null>(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSETNX', KEYS[2], 'endedAt', ARGV[1])
return redis.call('HGET', KEYS[2], 'endedAt')
`);
/** KEYS: info, life, people, joins, seq. Answers { seq, generation }, or false: no event. */
const RESET = new LuaScript<[number, number] | null>(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local generation = redis.call('HINCRBY', KEYS[2], 'generation', 1)
redis.call('DEL', KEYS[3], KEYS[4])
return { redis.call('INCR', KEYS[5]), generation }
`);

/**
 * How long a node keeps an event it read. Every join, handshake and snapshot reads one: kept
 * briefly, not forever; a change (end, reset, deletion) tells every node to drop its copy at once.
 */
export const EVENT_CACHE_MS = 5_000;
const MAX_CACHED = 1_000;
/** People written by one script at most (its arguments stay small). */
const MAX_JOIN_BATCH = 200;

export class RedisEventStore implements EventStore {
  /** Events found, until `until`; and reads under way, shared by everyone asking meanwhile. */
  private readonly cached = new Map<string, { event: EventInfo; until: number }>();
  private readonly reading = new Map<string, Promise<EventInfo | null>>();
  /**
   * In a crowd's arrival, the joins a node takes in one turn, and in the turns while the event's
   * last script is at Redis or was sent less than CROWD_SPACING_MS ago, cost one script (per event).
   */
  private readonly joining = new TurnBatch<Me, void>(
    (people, eventId) => this.addPeople(eventId, people),
    MAX_JOIN_BATCH,
    true,
    CROWD_SPACING_MS,
  );

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
    const [raw, life] = await this.redis.atomically<[string | null, Record<string, string>]>((m) =>
      m.get(infoKey(id)).hgetall(lifeKey(id)),
    );
    if (raw === null) return null;
    const event = JSON.parse(raw) as EventInfo;
    if (life.endedAt !== undefined) event.endedAt = Number(life.endedAt);
    if (life.generation !== undefined) event.generation = Number(life.generation);
    if (this.cached.size >= MAX_CACHED) this.cached.clear();
    this.cached.set(id, { event, until: Date.now() + EVENT_CACHE_MS });
    return event;
  }

  async addPerson(eventId: string, person: Me): Promise<void> {
    await this.joining.add(eventId, person);
  }

  /** The people of one event who joined in one turn of the event loop: one script for all of them. */
  private async addPeople(eventId: string, people: Me[]): Promise<void> {
    const args = people.flatMap((person) => [
      person.id,
      JSON.stringify(person),
      `c:${countryKey(person.country)}`,
      person.koc ? '1' : '0',
    ]);
    await this.redis.run(ADD_PEOPLE, [peopleKey(eventId), joinsKey(eventId)], args);
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

  async end(id: string, at: number): Promise<EventInfo | null> {
    const endedAt = await this.redis.run(END, [infoKey(id), lifeKey(id)], [at]);
    if (endedAt === null) return null;
    await this.redis.client.zadd(ENDED_KEY, Number(endedAt), id);
    this.forget(id);
    return this.get(id);
  }

  async joinCounts(eventId: string): Promise<JoinCounts> {
    const raw = await this.redis.client.hgetall(joinsKey(eventId));
    const byCountry: Record<string, number> = {};
    for (const [field, n] of Object.entries(raw)) if (field.startsWith('c:')) byCountry[field.slice(2)] = Number(n);
    return { joined: Number(raw.joined ?? 0), koc: Number(raw.koc ?? 0), byCountry };
  }

  async removePerson(eventId: string, personId: string): Promise<void> {
    await this.redis.write(peopleKey(eventId), (p) => p.hdel(peopleKey(eventId), personId));
  }

  async reset(eventId: string): Promise<{ seq: number; generation: number } | null> {
    const keys = [infoKey(eventId), lifeKey(eventId), peopleKey(eventId), joinsKey(eventId), seqKey(eventId)];
    const out = await this.redis.run(RESET, keys, []);
    this.forget(eventId);
    return out && { seq: Number(out[0]), generation: Number(out[1]) };
  }

  async delete(eventId: string): Promise<void> {
    const keys = [infoKey(eventId), lifeKey(eventId), peopleKey(eventId), joinsKey(eventId)];
    // The core's clock and the nodes' presence reports go with them (the figures and revocations: their stores).
    keys.push(seqKey(eventId), versionsKey(eventId), presenceKey(eventId));
    await this.redis.write(keys[0], (p) => p.del(...keys));
    await this.redis.client.zrem(ENDED_KEY, eventId);
    this.forget(eventId);
  }

  async sweep(eventId: string): Promise<string[]> {
    // The id is part of a SCAN pattern: anything but an event id could match other events' keys.
    if (!EVENT_ID.test(eventId)) throw new Error(`Not an event id: ${eventId}`);
    const client = this.redis.client;
    const servers: RedisClient[] = client instanceof Cluster ? client.nodes('master') : [client];
    const found: string[] = [];
    // Event ids are [a-z0-9-]: nothing in the pattern but the final * is a glob.
    for (const server of servers) found.push(...(await scanAll(server, `{ev:${eventId}}:*`)));
    for (let i = 0; i < found.length; i += 200) {
      const part = found.slice(i, i + 200);
      await this.redis.write(part[0], (p) => p.del(...part));
    }
    return found;
  }

  async endedBefore(cutoff: number): Promise<string[]> {
    return this.redis.client.zrangebyscore(ENDED_KEY, '-inf', `(${cutoff}`);
  }

  forget(eventId: string): void {
    this.cached.delete(eventId);
  }
}

async function scanAll(server: RedisClient, match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await server.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
