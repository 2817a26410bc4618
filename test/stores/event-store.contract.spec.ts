import { jest } from '@jest/globals';
import type { EventStore } from '../../src/events/event.store.js';
import type { EventInfo, Me } from '../../src/events/event.types.js';
import { MemoryEventStore } from '../../src/events/store/memory-event.store.js';
import { RedisEventStore } from '../../src/events/store/redis-event.store.js';
import { RedisEventClock } from '../../src/realtime/event-clock.js';
import { seqKey } from '../../src/redis/keys.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import {
  connectRedis,
  freshEventId,
  tagsOfAllKeys,
  throughOutage,
  type Subject,
  storeContract,
} from './contract-support.js';

const { server, backends } = storeContract<EventStore>(
  'event-contract',
  () => new MemoryEventStore(),
  (conn) => new RedisEventStore(conn),
);

const info = (id: string, over: Partial<EventInfo> = {}): EventInfo => ({
  id,
  name: 'Summit 2030 · 峰会',
  moderation: true,
  inviteCodes: ['KOC-1', 'KOC-2'],
  createdAt: 1_000,
  ...over,
});
const ana: Me = { id: 'a-1', name: 'Ana · 安娜', country: 'BR', koc: true };
const ben: Me = { id: 'a-2', name: null, country: null, koc: false };

describe.each(backends)('EventStore contract (%s)', (_name, make) => {
  let s: Subject<EventStore>;
  let store: EventStore;
  beforeAll(async () => {
    s = await make();
    store = s.store;
  });
  afterAll(() => s.close());

  it('creates an event and gets it back as stored', async () => {
    const id = freshEventId('event');
    expect(await store.create(info(id))).toBe(true);
    expect(await store.get(id)).toEqual(info(id));
    const plain = freshEventId('event');
    expect(await store.create(info(plain, { moderation: false, inviteCodes: [] }))).toBe(true);
    expect(await store.get(plain)).toEqual(info(plain, { moderation: false, inviteCodes: [] }));
  });

  it('refuses a taken id and keeps the first event', async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    expect(await store.create(info(id, { name: 'Impostor', moderation: false }))).toBe(false);
    expect(await store.get(id)).toEqual(info(id));
  });

  it('answers null for an unknown event', async () => {
    expect(await store.get(freshEventId('event'))).toBeNull();
  });

  it('does not share the stored object with the caller', async () => {
    const id = freshEventId('event');
    const event = info(id);
    await store.create(event);
    event.inviteCodes.push('LATE');
    const got = await store.get(id);
    got?.inviteCodes.push('MUTATED');
    expect(await store.get(id)).toEqual(info(id));
  });

  it('remembers the people who joined and answers those asked for, leaving unknown ids out', async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    expect(await store.addPerson(id, ana)).toBeUndefined();
    await store.addPerson(id, ben);
    expect(await store.people(id, ['a-2', 'nobody', 'a-1'])).toEqual({ 'a-1': ana, 'a-2': ben });
    expect(await store.people(id, ['a-1'])).toEqual({ 'a-1': ana });
    expect(await store.people(id, ['nobody'])).toEqual({});
    expect(await store.people(id, [])).toEqual({});
    expect(await store.people(freshEventId('event'), ['a-1'])).toEqual({});
  });

  it('replaces a person added again and keeps the people of two events apart', async () => {
    const id = freshEventId('event');
    const other = freshEventId('event');
    await store.addPerson(id, ana);
    await store.addPerson(id, { ...ana, name: 'Ana B.', koc: false });
    await store.addPerson(other, { ...ben, id: 'a-1' });
    expect(await store.people(id, ['a-1'])).toEqual({ 'a-1': { ...ana, name: 'Ana B.', koc: false } });
    expect(await store.people(other, ['a-1', 'a-2'])).toEqual({ 'a-1': { ...ben, id: 'a-1' } });
  });

  it('does not share a person object with the caller', async () => {
    const id = freshEventId('event');
    const person = { ...ana };
    await store.addPerson(id, person);
    person.name = 'Changed';
    const got = await store.people(id, ['a-1']);
    got['a-1'].koc = false;
    expect(await store.people(id, ['a-1'])).toEqual({ 'a-1': ana });
  });

  it('keeps and counts every person of a crowd joining at once', async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    const crowd: Me[] = Array.from({ length: 250 }, (_, i) => ({
      id: `a-${i}`,
      name: `P${i}`,
      country: i % 2 === 0 ? 'BR' : null,
      koc: i % 5 === 0,
    }));
    await Promise.all(crowd.map((person) => store.addPerson(id, person)));
    const ids = crowd.map((p) => p.id);
    expect(await store.people(id, ids)).toEqual(Object.fromEntries(crowd.map((p) => [p.id, p])));
    const counts = await store.joinCounts(id);
    expect(counts.joined).toBe(250);
    expect(counts.koc).toBe(50);
  });

  it("counts a crowd's joins per country, with those who gave none apart", async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    const countries = ['BR', 'JP', null, 'BR', 'DE', null, 'BR'];
    await Promise.all(
      countries.map((country, i) => store.addPerson(id, { id: `a-${i}`, name: null, country, koc: false })),
    );
    const counts = await store.joinCounts(id);
    expect(counts).toMatchObject({ joined: 7, koc: 0 });
    const named = Object.entries(counts.byCountry).filter(([c]) => ['BR', 'JP', 'DE'].includes(c));
    expect(Object.fromEntries(named)).toEqual({ BR: 3, JP: 1, DE: 1 });
    expect(Object.values(counts.byCountry).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('RedisEventStore only', () => {
  let conn: RedisConnection;
  let store: RedisEventStore;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'event-redis-only');
    store = new RedisEventStore(conn);
  });
  afterAll(() => conn.onModuleDestroy());

  it('writes every key of an event under its hash tag', async () => {
    await conn.client.flushall();
    const id = freshEventId('event');
    await store.create(info(id));
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys.length).toBe(1);
    expect(tags).toEqual([`ev:${id}`]);
  });

  it('writes the people of an event under its hash tag too', async () => {
    await conn.client.flushall();
    const id = freshEventId('event');
    await store.create(info(id));
    await store.addPerson(id, ana);
    await store.addPerson(id, ben);
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys).toEqual([`{ev:${id}}:info`, `{ev:${id}}:joins`, `{ev:${id}}:people`]);
    expect(tags).toEqual([`ev:${id}`]);
  });

  it('writes the people of one turn with one script, and the clock reads of one turn with one read', async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    const run = jest.spyOn(conn, 'run');
    await Promise.all(['a-1', 'a-2', 'a-3'].map((pid) => store.addPerson(id, { ...ben, id: pid })));
    expect(run).toHaveBeenCalledTimes(1);
    run.mockRestore();

    const clock = new RedisEventClock(conn);
    const read = jest.spyOn(conn, 'eval');
    await conn.client.set(seqKey(id), '7');
    read.mockClear();
    // seq and the versions together: one script reads both.
    expect(await Promise.all([clock.seq(id), clock.versions(id), clock.seq(id)])).toEqual([7, {}, 7]);
    expect(read).toHaveBeenCalledTimes(1);
    // A call made after a change reads it: the shared read goes out after its callers' calls.
    await conn.client.incr(seqKey(id));
    expect(await clock.seq(id)).toBe(8);
    read.mockRestore();
  });

  it("holds the clock reads asked while the event's read is at Redis, and sends them as one read after them", async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    await conn.client.set(seqKey(id), '3');
    const clock = new RedisEventClock(conn);
    const original = conn.eval.bind(conn);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const read = jest.spyOn(conn, 'eval').mockImplementation(async (...args: Parameters<RedisConnection['eval']>) => {
      // The first read stays "at Redis" until the test lets it go.
      if (calls++ === 0) await gate;
      return original(...args);
    });
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const first = clock.seq(id);
    await nextTurn();
    await conn.client.incr(seqKey(id));
    const later = [clock.seq(id), clock.versions(id)];
    await nextTurn();
    const last = clock.seq(id);
    await nextTurn();
    expect(read).toHaveBeenCalledTimes(1);
    release();
    expect(await first).toBe(4);
    // Asked after the change: the read they share went out after them.
    expect(await Promise.all([...later, last])).toEqual([4, {}, 4]);
    expect(read).toHaveBeenCalledTimes(2);
    read.mockRestore();
  });

  it('keeps working after SCRIPT FLUSH', async () => {
    await conn.client.script('FLUSH');
    const id = freshEventId('event');
    expect(await store.create(info(id))).toBe(true);
    expect(await store.get(id)).toEqual(info(id));
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('answers UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const id = freshEventId('event');
    await store.create(info(id));
    const codes = await throughOutage(server(), conn, [
      () => store.ping(),
      () => store.get(id),
      () => store.create(info(freshEventId('event'))),
      () => store.addPerson(id, ana),
      () => store.people(id, ['a-1']),
    ]);
    expect(codes).toEqual(Array(5).fill('UNAVAILABLE'));
    await expect(store.ping()).resolves.toBeUndefined();
    const after = freshEventId('event');
    expect(await store.create(info(after))).toBe(true);
    expect(await store.get(after)).toEqual(info(after));
  });
});
