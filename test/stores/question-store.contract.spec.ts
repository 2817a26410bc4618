import { jest } from '@jest/globals';
import type { QuestionStore } from '../../src/qa/question.store.js';
import type { StoredQuestion } from '../../src/qa/question.types.js';
import { MemoryQuestionStore } from '../../src/qa/store/memory-question.store.js';
import { RedisQuestionStore } from '../../src/qa/store/redis-question.store.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import {
  connectRedis,
  freshEventId,
  tagsOfAllKeys,
  throughOutage,
  type Subject,
  storeContract,
} from './contract-support.js';
import { byId, forumSession, question, ROOMY } from './question-fixtures.js';

const { server, backends } = storeContract<QuestionStore>(
  'question-contract',
  (clock) => new MemoryQuestionStore(clock),
  (conn) => new RedisQuestionStore(conn),
);

describe.each(backends)('QuestionStore contract (%s)', (_name, make) => {
  let s: Subject<QuestionStore>;
  let store: QuestionStore;
  let ev: string;
  beforeAll(async () => {
    s = await make();
    store = s.store;
  });
  afterAll(() => s.close());
  beforeEach(() => {
    ev = freshEventId('qa');
  });

  const qaVersion = async (): Promise<number> => (await s.clock.versions(ev)).qa ?? 0;
  const seq = (): Promise<number> => s.clock.seq(ev);
  const asked = async (...qs: StoredQuestion[]): Promise<StoredQuestion[]> => {
    for (const q of qs) await store.ask(ev, q);
    return qs;
  };
  const upvotes = async (id: string, ...voters: string[]): Promise<void> => {
    for (const v of voters) expect(await store.upvote(ev, id, v, ROOMY)).toMatchObject({ kind: 'ok' });
  };
  const mine = async (voter: string): Promise<string[]> => (await store.upvotedBy(ev, voter)).sort();

  describe('ask, get, list', () => {
    it('stores each question as given, with no upvotes, and raises seq by one per question', async () => {
      const q1 = question('q1', { lang: 'zh-CN', anonymous: true });
      const author = { name: null, country: null, koc: false };
      const q2 = question('q2', { status: 'pending', flagged: true, author });
      expect(await store.ask(ev, q1)).toBe(1);
      expect(await store.ask(ev, { ...q2, upvotes: 7 })).toBe(2);
      expect(await seq()).toBe(2);
      expect(await store.get(ev, 'q1')).toEqual(q1);
      expect(await store.get(ev, 'q2')).toEqual(q2);
      expect(byId(await store.list(ev))).toEqual([q1, q2]);
    });

    it('answers null and [] for unknown questions and events, and keeps events apart', async () => {
      expect(await store.list(ev)).toEqual([]);
      await asked(question('q1'));
      expect(await store.get(ev, 'nope')).toBeNull();
      const other = freshEventId('qa');
      expect(await store.get(other, 'q1')).toBeNull();
      expect(await store.list(other)).toEqual([]);
      const theirs = question('q1', { text: 'Another event' });
      expect(await store.ask(other, theirs)).toBe(1);
      expect(await store.get(other, 'q1')).toEqual(theirs);
      expect((await store.get(ev, 'q1'))?.text).not.toBe('Another event');
    });
  });

  describe('update', () => {
    it('applies the patch at the current rev, raising rev and seq by one each', async () => {
      const [q] = await asked(question('q1', { status: 'pending' }));
      const result = await store.update(ev, 'q1', 0, { status: 'approved', featured: true });
      const expected = { ...q, status: 'approved', featured: true, rev: 1 };
      expect(result).toEqual({ kind: 'changed', question: expected, seq: 2 });
      expect(await store.get(ev, 'q1')).toEqual(expected);
      const unfeatured = await store.update(ev, 'q1', 1, { featured: false });
      expect(unfeatured).toEqual({ kind: 'changed', question: { ...expected, featured: false, rev: 2 }, seq: 3 });
      expect(await seq()).toBe(3);
    });

    it('refuses a stale rev or a missing question, changing nothing', async () => {
      await asked(question('q1'));
      await store.update(ev, 'q1', 0, { status: 'rejected' });
      const before = await store.get(ev, 'q1');
      expect(await store.update(ev, 'q1', 0, { status: 'approved' })).toEqual({ kind: 'stale' });
      expect(await store.update(ev, 'q1', 2, { status: 'approved' })).toEqual({ kind: 'stale' });
      expect(await store.update(ev, 'nope', 0, { status: 'approved' })).toEqual({ kind: 'missing' });
      expect(await store.get(ev, 'q1')).toEqual(before);
      expect(await seq()).toBe(2);
    });

    it('sets, replaces, keeps and removes the answer', async () => {
      await asked(question('q1'));
      const at = async (rev: number, answer: string | null | undefined): Promise<StoredQuestion> => {
        const result = await store.update(ev, 'q1', rev, { status: 'answered', answer });
        if (result.kind !== 'changed') throw new Error(result.kind);
        expect(result.question).toEqual(await store.get(ev, 'q1'));
        return result.question;
      };
      expect((await at(0, 'In May.')).answer).toBe('In May.');
      expect((await at(1, 'In June, 2027: "final".')).answer).toBe('In June, 2027: "final".');
      expect((await at(2, undefined)).answer).toBe('In June, 2027: "final".');
      const removed = await at(3, null);
      expect(removed).not.toHaveProperty('answer');
      expect(removed.rev).toBe(4);
      expect(await seq()).toBe(5);
    });

    it('keeps the voters across status changes and moves the qa version when the public view changes', async () => {
      await asked(question('q1'));
      await upvotes('q1', 'u1', 'u2');
      const v0 = await qaVersion();
      const rejected = await store.update(ev, 'q1', 0, { status: 'rejected' });
      expect(rejected).toMatchObject({ kind: 'changed', question: { status: 'rejected', upvotes: 2 } });
      expect(await qaVersion()).toBeGreaterThan(v0);
      expect((await store.upvoteCounts(ev, 10)).counts).toEqual({});
      const restored = await store.update(ev, 'q1', 1, { status: 'approved' });
      expect(restored).toMatchObject({ kind: 'changed', question: { status: 'approved', upvotes: 2 } });
      expect((await store.upvoteCounts(ev, 10)).counts).toEqual({ q1: 2 });
    });
  });

  describe('upvote and unvote', () => {
    it('counts each voter once: repeats change nothing, and only real changes move the qa version', async () => {
      await asked(question('q1'), question('q2', { status: 'answered', answer: 'Yes.' }));
      const v0 = await qaVersion();
      const seq0 = await seq();
      expect(await store.upvote(ev, 'q1', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
      expect(await store.upvote(ev, 'q1', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
      expect(await store.upvote(ev, 'q1', 'u2', ROOMY)).toEqual({ kind: 'ok', upvotes: 2 });
      expect(await store.upvote(ev, 'q2', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
      expect(await store.unvote(ev, 'q1', 'u3', ROOMY)).toEqual({ kind: 'ok', upvotes: 2 });
      expect(await store.unvote(ev, 'q1', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
      expect(await store.unvote(ev, 'q1', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
      expect(await qaVersion()).toBe(v0 + 4);
      expect(await seq()).toBe(seq0);
      expect((await store.get(ev, 'q1'))?.upvotes).toBe(1);
      expect((await store.get(ev, 'q2'))?.upvotes).toBe(1);
      expect(await mine('u1')).toEqual(['q2']);
      expect(await mine('u2')).toEqual(['q1']);
    });

    it('takes upvotes on public questions only: never pending, rejected, merged or unknown ones', async () => {
      await asked(question('p', { status: 'pending' }), question('r'), question('m'), question('k'));
      await upvotes('r', 'u1');
      await store.update(ev, 'r', 0, { status: 'rejected' });
      await store.merge(ev, 'm', 'k', [0, 0]);
      const v0 = await qaVersion();
      for (const id of ['p', 'r', 'm', 'nope']) {
        expect({ id, up: await store.upvote(ev, id, 'u2', ROOMY) }).toEqual({ id, up: { kind: 'missing' } });
        expect({ id, down: await store.unvote(ev, id, 'u1', ROOMY) }).toEqual({ id, down: { kind: 'missing' } });
      }
      expect(await qaVersion()).toBe(v0);
      expect((await store.get(ev, 'r'))?.upvotes).toBe(1);
      expect((await store.get(ev, 'p'))?.upvotes).toBe(0);
      await store.update(ev, 'p', 0, { status: 'approved' });
      expect(await store.upvote(ev, 'p', 'u2', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
    });

    it('limits each voter to `points` upvotes and unvotes a window, refused or not; a refusal changes nothing', async () => {
      await asked(question('q1'), question('q2'));
      const three = { points: 3, windowMs: 60_000 };
      expect(await store.upvote(ev, 'q1', 'u1', three)).toEqual({ kind: 'ok', upvotes: 1 });
      expect(await store.upvote(ev, 'nope', 'u1', three)).toEqual({ kind: 'missing' });
      expect(await store.unvote(ev, 'q1', 'u1', three)).toEqual({ kind: 'ok', upvotes: 0 });
      const v0 = await qaVersion();
      for (const refused of [store.upvote(ev, 'q2', 'u1', three), store.unvote(ev, 'q1', 'u1', three)]) {
        const result = await refused;
        expect(result.kind).toBe('limited');
        if (result.kind !== 'limited') continue;
        expect(result.retryAfterMs).toBeGreaterThan(0);
        expect(result.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
      expect(await qaVersion()).toBe(v0);
      expect((await store.get(ev, 'q2'))?.upvotes).toBe(0);
      expect(await mine('u1')).toEqual([]);
      // Per voter and per event: others are not limited by u1.
      expect(await store.upvote(ev, 'q2', 'u2', three)).toEqual({ kind: 'ok', upvotes: 1 });
      ev = freshEventId('qa');
      await asked(question('q1'));
      expect(await store.upvote(ev, 'q1', 'u1', three)).toEqual({ kind: 'ok', upvotes: 1 });
    });

    it("takes a crowd upvoting at once as one by one, in order, with each voter's own limit", async () => {
      await asked(question('q1'), question('q2'));
      const v0 = await qaVersion();
      const two = { points: 2, windowMs: 60_000 };
      const voters = Array.from({ length: 600 }, (_, i) => `u${i}`);
      // One turn, more than one Redis batch: everyone upvotes q1; u0 twice more (a repeat, then over
      // its limit), u1 takes it back; u2 upvotes a question that is not there.
      const results = await Promise.all([
        ...voters.map((v) => store.upvote(ev, 'q1', v, two)),
        store.upvote(ev, 'q1', 'u0', two),
        store.upvote(ev, 'q2', 'u0', two),
        store.unvote(ev, 'q1', 'u1', two),
        store.upvote(ev, 'nope', 'u2', two),
      ]);
      expect(results.slice(0, 600).map((r) => r.kind === 'ok' && r.upvotes)).toEqual(voters.map((_, i) => i + 1));
      expect(results.slice(600)).toEqual([
        { kind: 'ok', upvotes: 600 },
        expect.objectContaining({ kind: 'limited' }),
        { kind: 'ok', upvotes: 599 },
        { kind: 'missing' },
      ]);
      expect((await store.get(ev, 'q1'))?.upvotes).toBe(599);
      expect((await store.get(ev, 'q2'))?.upvotes).toBe(0);
      expect(await mine('u0')).toEqual(['q1']);
      expect(await mine('u1')).toEqual([]);
      // One version step per change: 600 upvotes and one unvote.
      expect(await qaVersion()).toBe(v0 + 601);
    });

    it('opens a new window once the last one has ended', async () => {
      await asked(question('q1'));
      const short = { points: 1, windowMs: 500 };
      expect(await store.upvote(ev, 'q1', 'u1', short)).toEqual({ kind: 'ok', upvotes: 1 });
      const refused = await store.unvote(ev, 'q1', 'u1', short);
      if (refused.kind !== 'limited') throw new Error(`expected limited, got ${refused.kind}`);
      await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs + 50));
      expect(await store.unvote(ev, 'q1', 'u1', short)).toEqual({ kind: 'ok', upvotes: 0 });
    });
  });

  describe('merge', () => {
    it('pools the voters (each once) into the kept question, marks the other merged and raises seq by 2', async () => {
      const [from, into] = await asked(question('q1'), question('q2'));
      await upvotes('q1', 'u1', 'u2', 'u3');
      await upvotes('q2', 'u3', 'u4');
      await store.update(ev, 'q1', 0, { featured: true });
      const seq0 = await seq();
      const v0 = await qaVersion();
      const result = await store.merge(ev, 'q1', 'q2', [1, 0]);
      expect(result).toEqual({
        kind: 'merged',
        kept: { ...into, upvotes: 4, rev: 1 },
        merged: { ...from, featured: false, mergedInto: 'q2', upvotes: 3, rev: 2 },
        seq: seq0 + 2,
      });
      expect(await seq()).toBe(seq0 + 2);
      expect(await qaVersion()).toBeGreaterThan(v0);
      expect(await store.get(ev, 'q1')).toMatchObject({ mergedInto: 'q2', featured: false, rev: 2 });
      expect(await store.get(ev, 'q2')).toMatchObject({ upvotes: 4, rev: 1 });
      expect(await Promise.all(['u1', 'u2', 'u3', 'u4'].map(mine))).toEqual(Array(4).fill(['q2']));
      expect(await store.upvote(ev, 'q2', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 4 });
      expect(await store.upvote(ev, 'q2', 'u5', ROOMY)).toEqual({ kind: 'ok', upvotes: 5 });
      expect(await store.unvote(ev, 'q2', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 4 });
      expect(await mine('u1')).toEqual([]);
      expect((await store.upvoteCounts(ev, 10)).counts).toEqual({ q2: 4 });
    });

    it('refuses stale revs and missing questions, changing nothing', async () => {
      await asked(question('q1'), question('q2'));
      await upvotes('q1', 'u1');
      const before = byId(await store.list(ev));
      const seq0 = await seq();
      expect(await store.merge(ev, 'q1', 'q2', [1, 0])).toEqual({ kind: 'stale' });
      expect(await store.merge(ev, 'q1', 'q2', [0, 1])).toEqual({ kind: 'stale' });
      expect(await store.merge(ev, 'q1', 'nope', [0, 0])).toEqual({ kind: 'missing' });
      expect(await store.merge(ev, 'nope', 'q2', [0, 0])).toEqual({ kind: 'missing' });
      expect(byId(await store.list(ev))).toEqual(before);
      expect(await seq()).toBe(seq0);
      expect(await mine('u1')).toEqual(['q1']);
      await store.update(ev, 'q2', 0, { featured: true });
      expect(await store.merge(ev, 'q1', 'q2', [0, 0])).toEqual({ kind: 'stale' });
      expect(await store.merge(ev, 'q1', 'q2', [0, 1])).toMatchObject({ kind: 'merged', kept: { upvotes: 1 } });
    });
  });

  describe('upvotedBy', () => {
    it("lists the voter's upvoted questions after upvotes, unvotes and merges", async () => {
      await asked(question('a'), question('b'), question('c'), question('d'));
      expect(await mine('u1')).toEqual([]);
      await upvotes('a', 'u1');
      await upvotes('b', 'u1', 'u2');
      await upvotes('c', 'u1');
      await store.unvote(ev, 'b', 'u1', ROOMY);
      expect(await mine('u1')).toEqual(['a', 'c']);
      expect(await mine('u2')).toEqual(['b']);
      await store.merge(ev, 'c', 'd', [0, 0]);
      expect(await mine('u1')).toEqual(['a', 'd']);
      await store.merge(ev, 'd', 'a', [1, 0]);
      expect(await mine('u1')).toEqual(['a']);
      expect((await store.get(ev, 'a'))?.upvotes).toBe(1);
      expect(await store.upvotedBy(freshEventId('qa'), 'u1')).toEqual([]);
    });
  });

  describe('upvoteCounts', () => {
    it('counts the public questions only, most first, at most `limit`, with the qa version', async () => {
      expect(await store.upvoteCounts(ev, 10)).toEqual({ version: 0, counts: {} });
      await asked(question('a'), question('b', { status: 'answered' }), question('c'), question('d'));
      await asked(question('p', { status: 'pending' }), question('r'), question('m'), question('z'));
      await upvotes('a', 'u1', 'u2', 'u3');
      await upvotes('b', 'u1', 'u2');
      await upvotes('c', 'u1');
      await upvotes('r', 'u1', 'u2', 'u3', 'u4');
      await upvotes('m', 'u9');
      await store.update(ev, 'r', 0, { status: 'rejected' });
      await store.merge(ev, 'm', 'z', [0, 0]);
      const version = (await s.clock.versions(ev)).qa;
      expect(await store.upvoteCounts(ev, 10)).toEqual({ version, counts: { a: 3, b: 2, c: 1, z: 1, d: 0 } });
      expect(await store.upvoteCounts(ev, 2)).toEqual({ version, counts: { a: 3, b: 2 } });
      expect((await store.upvoteCounts(ev, 1)).counts).toEqual({ a: 3 });
      expect((await store.upvoteCounts(ev, 0)).counts).toEqual({});
      await store.upvote(ev, 'c', 'u2', ROOMY);
      await store.upvote(ev, 'c', 'u3', ROOMY);
      await store.upvote(ev, 'c', 'u4', ROOMY);
      expect(await store.upvoteCounts(ev, 2)).toEqual({ version: version + 3, counts: { c: 4, a: 3 } });
      await store.upvote(ev, 'c', 'u4', ROOMY);
      expect((await store.upvoteCounts(ev, 2)).version).toBe(version + 3);
    });
  });

  describe('moderation setting', () => {
    it('is null until set, then what was set last, raising seq each time; per event', async () => {
      expect(await store.moderation(ev)).toBeNull();
      expect(await store.setModeration(ev, false)).toBe(1);
      expect(await store.moderation(ev)).toBe(false);
      await asked(question('q1'));
      expect(await store.setModeration(ev, true)).toBe(3);
      expect(await store.moderation(ev)).toBe(true);
      expect(await store.setModeration(ev, true)).toBe(4);
      expect(await store.moderation(ev)).toBe(true);
      expect(await store.moderation(freshEventId('qa'))).toBeNull();
    });
  });
});

describe('RedisQuestionStore only', () => {
  let conn: RedisConnection;
  let store: RedisQuestionStore;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'question-redis-only');
    store = new RedisQuestionStore(conn);
  });
  afterAll(() => conn.onModuleDestroy());

  it('writes every key of an event under its hash tag', async () => {
    await conn.client.flushall();
    const ev = freshEventId('qa');
    await forumSession(store, ev);
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys.length).toBeGreaterThanOrEqual(10);
    expect(tags).toEqual([`ev:${ev}`]);
  });

  it("takes one event's upvotes of one turn in one script", async () => {
    const ev = freshEventId('qa');
    await store.ask(ev, question('q1'));
    const script = jest.spyOn(conn, 'run');
    const results = await Promise.all(['u1', 'u2', 'u3'].map((v) => store.upvote(ev, 'q1', v, ROOMY)));
    expect(script).toHaveBeenCalledTimes(1);
    script.mockRestore();
    expect(results).toEqual([1, 2, 3].map((upvotes) => ({ kind: 'ok', upvotes })));
  });

  it('keeps working after SCRIPT FLUSH', async () => {
    const ev = freshEventId('qa');
    await forumSession(store, ev);
    await conn.client.script('FLUSH');
    expect(await store.ask(ev, question('q3'))).toBe(7);
    expect(await store.upvote(ev, 'q3', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
    expect(await store.update(ev, 'q3', 0, { featured: true })).toMatchObject({ kind: 'changed', seq: 8 });
    expect(await store.merge(ev, 'q3', 'q2', [1, 2])).toMatchObject({ kind: 'merged', kept: { upvotes: 2 }, seq: 10 });
    expect(await store.setModeration(ev, true)).toBe(11);
  });

  it('answers UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const ev = freshEventId('qa');
    await store.ask(ev, question('q1'));
    await store.ask(ev, question('q2'));
    const codes = await throughOutage(server(), conn, [
      () => store.ask(ev, question('q3')),
      () => store.get(ev, 'q1'),
      () => store.list(ev),
      () => store.update(ev, 'q1', 0, { featured: true }),
      () => store.upvote(ev, 'q1', 'u1', ROOMY),
      () => store.unvote(ev, 'q1', 'u1', ROOMY),
      () => store.merge(ev, 'q1', 'q2', [0, 0]),
      () => store.upvotedBy(ev, 'u1'),
      () => store.upvoteCounts(ev, 10),
      () => store.moderation(ev),
      () => store.setModeration(ev, false),
    ]);
    expect(codes).toEqual(Array(11).fill('UNAVAILABLE'));
    const after = freshEventId('qa');
    expect(await store.ask(after, question('q1'))).toBe(1);
    expect(await store.upvote(after, 'q1', 'u1', ROOMY)).toEqual({ kind: 'ok', upvotes: 1 });
    expect(await store.upvoteCounts(after, 10)).toEqual({ version: 1, counts: { q1: 1 } });
  });
});
