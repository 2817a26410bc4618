import { MemoryRevocationStore } from '../../src/auth/store/memory-revocation.store.js';
import { RedisRevocationStore } from '../../src/auth/store/redis-revocation.store.js';
import type { RevocationStore } from '../../src/auth/revocation.store.js';
import type { EventStore } from '../../src/events/event.store.js';
import type { EventInfo, Me } from '../../src/events/event.types.js';
import { MemoryEventStore } from '../../src/events/store/memory-event.store.js';
import { ENDED_KEY, RedisEventStore } from '../../src/events/store/redis-event.store.js';
import type { FigureStore } from '../../src/ops/figure.store.js';
import type { MinuteDelta } from '../../src/ops/figure.types.js';
import { MemoryFigureStore } from '../../src/ops/store/memory-figure.store.js';
import { RedisFigureStore } from '../../src/ops/store/redis-figure.store.js';
import { freshEventId, hashTag, storeContract, type Subject } from './contract-support.js';

/** The three stores of PROTOCOL section 11's core, on one backend. */
interface Stores {
  events: EventStore;
  figures: FigureStore;
  revocations: RevocationStore;
  /** Redis only: every key of the backend (the cluster's primaries included). */
  keys?: () => Promise<string[]>;
}

const { backends } = storeContract<Stores>(
  'event-data-contract',
  (clock) => ({
    events: new MemoryEventStore(clock),
    figures: new MemoryFigureStore(),
    revocations: new MemoryRevocationStore(),
  }),
  (conn) => ({
    events: new RedisEventStore(conn),
    figures: new RedisFigureStore(conn),
    revocations: new RedisRevocationStore(conn),
    keys: async () => {
      const client = conn.client;
      const servers = 'nodes' in client ? client.nodes('master') : [client];
      return (await Promise.all(servers.map((s) => s.keys('*')))).flat();
    },
  }),
);

const info = (id: string): EventInfo => ({ id, name: 'Summit', moderation: true, inviteCodes: ['K'], createdAt: 5 });
const ana: Me = { id: 'a-1', name: 'Ana', country: 'BR', koc: true, joinedAt: 10 };
const ben: Me = { id: 'a-2', name: 'Ben', country: 'BR', koc: false, joinedAt: 11 };
const cid: Me = { id: 'a-3', name: null, country: null, koc: false, joinedAt: 12 };
const M = 60_000;
const delta = (minute: number, over: Partial<MinuteDelta> = {}): MinuteDelta => ({
  minute,
  counts: {},
  connected: {},
  active: [],
  ...over,
});

describe.each(backends)('Section 11 stores: events, figures, revocations (%s)', (_name, make) => {
  let s: Subject<Stores>;
  let events: EventStore;
  let figures: FigureStore;
  let revocations: RevocationStore;
  beforeAll(async () => {
    s = await make();
    ({ events, figures, revocations } = s.store);
  });
  afterAll(() => s.close());

  it('sets endedAt once, lists events that ended before a cutoff, and answers null for an unknown event', async () => {
    const id = freshEventId('life');
    await events.create(info(id));
    expect(await events.end(id, 1_000)).toEqual({ ...info(id), endedAt: 1_000 });
    expect(await events.end(id, 2_000)).toEqual({ ...info(id), endedAt: 1_000 });
    expect(await events.get(id)).toEqual({ ...info(id), endedAt: 1_000 });
    expect(await events.endedBefore(1_001)).toContain(id);
    expect(await events.endedBefore(1_000)).not.toContain(id);
    expect(await events.end(freshEventId('life'), 1)).toBeNull();
  });

  it('counts joins by country and KOC as anonymous counters that stay when a person is erased', async () => {
    const id = freshEventId('joins');
    await events.create(info(id));
    for (const person of [ana, ben, cid]) await events.addPerson(id, person);
    const counts = { joined: 3, koc: 1, byCountry: { BR: 2, unknown: 1 } };
    expect(await events.joinCounts(id)).toEqual(counts);
    await events.removePerson(id, 'a-1');
    await events.removePerson(id, 'a-1');
    expect(await events.people(id, ['a-1', 'a-2'])).toEqual({ 'a-2': ben });
    expect(await events.joinCounts(id)).toEqual(counts);
    expect(await events.joinCounts(freshEventId('joins'))).toEqual({ joined: 0, koc: 0, byCountry: {} });
  });

  it('resets: people and join counts gone, the event kept, its generation and seq raised each time', async () => {
    const id = freshEventId('reset');
    await events.create(info(id));
    await events.addPerson(id, ana);
    const seq = await s.clock.seq(id);
    expect(await events.reset(id)).toEqual({ seq: seq + 1, generation: 1 });
    expect(await s.clock.seq(id)).toBe(seq + 1);
    expect(await events.people(id, ['a-1'])).toEqual({});
    expect(await events.joinCounts(id)).toEqual({ joined: 0, koc: 0, byCountry: {} });
    expect(await events.get(id)).toEqual({ ...info(id), generation: 1 });
    expect(await events.reset(id)).toEqual({ seq: seq + 2, generation: 2 });
    expect(await events.reset(freshEventId('reset'))).toBeNull();
  });

  it('deletes an event with its people and counters, and drops it from the ended list', async () => {
    const id = freshEventId('del');
    await events.create(info(id));
    await events.addPerson(id, ana);
    await events.end(id, 7);
    await events.delete(id);
    expect(await events.get(id)).toBeNull();
    expect(await events.people(id, ['a-1'])).toEqual({});
    expect(await events.joinCounts(id)).toEqual({ joined: 0, koc: 0, byCountry: {} });
    expect(await events.endedBefore(Number.MAX_SAFE_INTEGER)).not.toContain(id);
    expect(await events.create(info(id))).toBe(true);
  });

  it('adds figures of several nodes per minute: counts and peaks add up, active people are a set', async () => {
    const id = freshEventId('fig');
    const t = 1_800_000_000_000 - (1_800_000_000_000 % M);
    await figures.add(id, [
      delta(t, { counts: { votes: 3, joins: 1 }, connected: { audience: 5 }, active: ['x', 'y'] }),
      delta(t + M, { counts: { questions: 1 }, active: ['x'] }),
    ]);
    await figures.add(id, [
      delta(t, { counts: { votes: 2, upvotes: 4 }, connected: { audience: 2, operator: 1 }, active: ['y', 'z'] }),
    ]);
    const expected = [
      {
        minute: t,
        connected: { audience: 7, operator: 1, screen: 0 },
        active: 3,
        joins: 1,
        votes: 5,
        answers: 0,
        questions: 0,
        upvotes: 4,
      },
      {
        minute: t + M,
        connected: { audience: 0, operator: 0, screen: 0 },
        active: 1,
        joins: 0,
        votes: 0,
        answers: 0,
        questions: 1,
        upvotes: 0,
      },
    ];
    expect(await figures.timeline(id)).toEqual(expected);
    // Folding turns the older minute's set into its count: the timeline reads the same.
    await figures.fold(id, t + M);
    await figures.fold(id, t + M);
    expect(await figures.timeline(id)).toEqual(expected);
    await figures.fold(id, t + 2 * M);
    expect(await figures.timeline(id)).toEqual(expected);
    if (s.store.keys) expect((await s.store.keys()).filter((k) => k.startsWith(`{ev:${id}}:act:`))).toEqual([]);
    await figures.clear(id);
    expect(await figures.timeline(id)).toEqual([]);
  });

  it('keeps revoked digests per event until cleared', async () => {
    const id = freshEventId('rev');
    const other = freshEventId('rev');
    await revocations.revoke(id, 'd1');
    await revocations.revoke(id, 'd1');
    await revocations.revoke(id, 'd2');
    expect((await revocations.list(id)).sort()).toEqual(['d1', 'd2']);
    expect(await revocations.list(other)).toEqual([]);
    await revocations.clear(id);
    expect(await revocations.list(id)).toEqual([]);
  });

  it("leaves no key of a deleted event, and a sweep removes whatever else carries its hash tag (and no other event's)", async () => {
    if (!s.store.keys) return;
    const keys = s.store.keys;
    const id = freshEventId('gone');
    const kept = freshEventId('kept');
    for (const e of [id, kept]) {
      await events.create(info(e));
      await events.addPerson(e, ana);
      await events.end(e, 3);
      await events.reset(e);
      await figures.add(e, [delta(0, { counts: { votes: 1 }, active: ['x'] })]);
      await revocations.revoke(e, 'd');
    }
    const tagged = async (e: string): Promise<string[]> => (await keys()).filter((k) => hashTag(k) === `ev:${e}`);
    expect((await tagged(id)).length).toBeGreaterThan(4);
    await events.delete(id);
    await figures.clear(id);
    await revocations.clear(id);
    expect(await tagged(id)).toEqual([]);
    expect(await events.sweep(id)).toEqual([]);
    await events.addPerson(id, ben);
    expect((await events.sweep(id)).sort()).toEqual([`{ev:${id}}:joins`, `{ev:${id}}:people`]);
    expect(await tagged(id)).toEqual([]);
    expect((await tagged(kept)).length).toBeGreaterThan(4);
    expect((await keys()).includes(ENDED_KEY)).toBe(true);
    await expect(events.sweep('*')).rejects.toThrow(/Not an event id/);
  });
});
