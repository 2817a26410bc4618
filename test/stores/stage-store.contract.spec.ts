import { jest } from '@jest/globals';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import type { StageStore } from '../../src/stage/stage.store.js';
import type { Cue } from '../../src/stage/stage.types.js';
import { MemoryStageStore } from '../../src/stage/store/memory-stage.store.js';
import { RedisStageStore } from '../../src/stage/store/redis-stage.store.js';
import {
  connectRedis,
  freshEventId,
  tagsOfAllKeys,
  throughOutage,
  type Subject,
  storeContract,
} from './contract-support.js';

const { server, backends } = storeContract<StageStore>(
  'stage-contract',
  (clock) => new MemoryStageStore(clock),
  (conn) => new RedisStageStore(conn),
);

const announcement: Cue = { id: 'c1', kind: 'announcement', title: 'Welcome', body: '欢迎 👋', at: 1_000 };
const countdown: Cue = { id: 'c2', kind: 'countdown', title: 'Break', until: 5_000, at: 2_000 };
const clear: Cue = { id: 'c3', kind: 'clear', at: 3_000 };

describe.each(backends)('StageStore contract (%s)', (_name, make) => {
  let s: Subject<StageStore>;
  let store: StageStore;
  let ev: string;
  beforeAll(async () => {
    s = await make();
    store = s.store;
  });
  afterAll(() => s.close());
  beforeEach(() => {
    ev = freshEventId('stage');
  });

  it('has no cue and no reactions before anything happens', async () => {
    expect(await store.cue(ev)).toBeNull();
    expect(await store.reactions(ev)).toEqual({ version: 0, counts: {} });
    expect(await s.clock.seq(ev)).toBe(0);
  });

  it('stores the current cue and raises seq by one per cue', async () => {
    expect(await store.setCue(ev, announcement)).toBe(1);
    expect(await store.cue(ev)).toEqual(announcement);
    expect(await store.setCue(ev, countdown)).toBe(2);
    expect(await store.cue(ev)).toEqual(countdown);
    expect(await s.clock.seq(ev)).toBe(2);
    expect(await store.cue(freshEventId('stage'))).toBeNull();
  });

  it('a clear cue leaves none, and still raises seq', async () => {
    await store.setCue(ev, announcement);
    expect(await store.setCue(ev, clear)).toBe(2);
    expect(await store.cue(ev)).toBeNull();
    expect(await store.setCue(ev, clear)).toBe(3);
    expect(await store.cue(ev)).toBeNull();
    expect(await store.setCue(ev, countdown)).toBe(4);
    expect(await store.cue(ev)).toEqual(countdown);
    expect((await s.clock.versions(ev)).reactions).toBeUndefined();
  });

  it('counts reactions per emoji and moves the reactions version by one each, not seq', async () => {
    for (const emoji of ['👍', '🔥', '👍', '❤️', '👍']) await store.react(ev, emoji);
    expect(await store.reactions(ev)).toEqual({ version: 5, counts: { '👍': 3, '🔥': 1, '❤️': 1 } });
    expect((await s.clock.versions(ev)).reactions).toBe(5);
    await store.react(ev, '🔥');
    const after = await store.reactions(ev);
    expect(after).toEqual({ version: 6, counts: { '👍': 3, '🔥': 2, '❤️': 1 } });
    expect(after.version).toBe((await s.clock.versions(ev)).reactions);
    expect(await s.clock.seq(ev)).toBe(0);
  });

  it('counts a crowd reacting at once in two events: every reaction once, the version by one each', async () => {
    const other = freshEventId('stage');
    const emojis = ['👍', '🔥', '❤️'];
    // More than one Redis batch per event, both events in the same turns.
    await Promise.all(Array.from({ length: 1200 }, (_, i) => store.react(i % 4 === 0 ? other : ev, emojis[i % 3])));
    expect(await store.reactions(ev)).toEqual({ version: 900, counts: { '👍': 300, '🔥': 300, '❤️': 300 } });
    expect(await store.reactions(other)).toEqual({ version: 300, counts: { '👍': 100, '🔥': 100, '❤️': 100 } });
    expect((await s.clock.versions(ev)).reactions).toBe(900);
  });

  it('keeps the cues and reactions of two events apart', async () => {
    const other = freshEventId('stage');
    await store.setCue(ev, announcement);
    await store.react(ev, '🎉');
    await store.react(other, '🚗');
    expect(await store.setCue(other, countdown)).toBe(1);
    expect(await store.cue(ev)).toEqual(announcement);
    expect(await store.reactions(ev)).toEqual({ version: 1, counts: { '🎉': 1 } });
    expect(await store.reactions(other)).toEqual({ version: 1, counts: { '🚗': 1 } });
  });
});

describe('RedisStageStore only', () => {
  let conn: RedisConnection;
  let store: RedisStageStore;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'stage-redis-only');
    store = new RedisStageStore(conn);
  });
  afterAll(() => conn.onModuleDestroy());

  it('writes every key of an event under its hash tag', async () => {
    await conn.client.flushall();
    const ev = freshEventId('stage');
    await store.setCue(ev, announcement);
    await store.react(ev, '👏');
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys.length).toBe(4); // cue, seq, reactions, versions
    expect(tags).toEqual([`ev:${ev}`]);
  });

  it("counts one event's reactions of one turn with one script", async () => {
    const ev = freshEventId('stage');
    const script = jest.spyOn(conn, 'run');
    await Promise.all(['👍', '👍', '🔥', '👍'].map((emoji) => store.react(ev, emoji)));
    expect(script).toHaveBeenCalledTimes(1);
    script.mockRestore();
    expect(await store.reactions(ev)).toEqual({ version: 4, counts: { '👍': 3, '🔥': 1 } });
  });

  it('keeps working after SCRIPT FLUSH', async () => {
    const ev = freshEventId('stage');
    await store.setCue(ev, announcement);
    await store.react(ev, '👏');
    await conn.client.script('FLUSH');
    expect(await store.setCue(ev, clear)).toBe(2);
    await store.react(ev, '👏');
    expect(await store.reactions(ev)).toEqual({ version: 2, counts: { '👏': 2 } });
    expect(await store.cue(ev)).toBeNull();
  });

  it('answers UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const ev = freshEventId('stage');
    await store.setCue(ev, announcement);
    const codes = await throughOutage(server(), conn, [
      () => store.setCue(ev, countdown),
      () => store.cue(ev),
      () => store.react(ev, '👍'),
      () => store.reactions(ev),
    ]);
    expect(codes).toEqual(Array(4).fill('UNAVAILABLE'));
    const after = freshEventId('stage');
    expect(await store.setCue(after, countdown)).toBe(1);
    expect(await store.cue(after)).toEqual(countdown);
    await store.react(after, '👍');
    expect(await store.reactions(after)).toEqual({ version: 1, counts: { '👍': 1 } });
  });
});
