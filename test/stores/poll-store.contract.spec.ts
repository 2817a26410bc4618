import type { PollStore, RawTally, VoteResult } from '../../src/polls/poll.store.js';
import type { Poll, PollKind, TextAnswer, Vote } from '../../src/polls/poll.types.js';
import { MemoryPollStore } from '../../src/polls/store/memory-poll.store.js';
import { RedisPollStore } from '../../src/polls/store/redis-poll.store.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import {
  connectRedis,
  freshEventId,
  tagsOfAllKeys,
  throughOutage,
  type Subject,
  storeContract,
} from './contract-support.js';
import { effect, EMPTY_TALLY, poll, pollSession } from './poll-fixtures.js';

const { server, backends } = storeContract<PollStore>(
  'poll-contract',
  (clock) => new MemoryPollStore(clock),
  (conn) => new RedisPollStore(conn),
);

describe.each(backends)('PollStore contract (%s)', (_name, make) => {
  let s: Subject<PollStore>;
  let store: PollStore;
  let ev: string;
  beforeAll(async () => {
    s = await make();
    store = s.store;
  });
  afterAll(() => s.close());
  beforeEach(() => {
    ev = freshEventId('poll');
  });

  const version = async (pollId: string): Promise<number> => (await s.clock.versions(ev))[`poll:${pollId}`] ?? 0;
  const vote = (p: Poll, voter: string, v: Vote, country: string | null = null): Promise<VoteResult> =>
    store.vote(ev, p.id, voter, effect(p, v, country));
  const tally = (p: Poll, limit = 50): Promise<RawTally> => store.tally(ev, p, limit);
  const words = async (p: Poll, limit: number): Promise<string[]> =>
    (await tally(p, limit)).words.map(([w, n]) => `${w}:${n}`);
  const opened = async (p: Poll): Promise<Poll> => {
    await store.create(ev, p);
    await store.change(ev, p.id, 'open', 100);
    return p;
  };

  describe('create, get, list', () => {
    it('raises seq by exactly one per new poll and refuses a taken id', async () => {
      expect(await s.clock.seq(ev)).toBe(0);
      expect(await store.create(ev, poll('p1'))).toBe(1);
      expect(await store.create(ev, poll('p2', 'rating'))).toBe(2);
      expect(await store.create(ev, poll('p1', 'wordcloud'))).toBeNull();
      expect(await s.clock.seq(ev)).toBe(2);
      expect((await store.get(ev, 'p1'))?.kind).toBe('single');
      const other = freshEventId('poll');
      expect(await store.create(other, poll('p1'))).toBe(1);
    });

    it.each<PollKind>(['single', 'multi', 'rating', 'wordcloud'])(
      'stores a %s poll as a draft, without tally',
      async (kind) => {
        const p = poll('p1', kind, { results: 'on-reveal' });
        const tally = { pollId: 'p1', version: 9, total: 9, counts: { a: 9 }, byCountry: {} };
        await store.create(ev, { ...p, tally });
        expect(await store.get(ev, 'p1')).toEqual(p);
      },
    );

    it.each<PollKind>(['ranking', 'text'])('stores a %s poll with its own fields', async (kind) => {
      const p = poll('p1', kind, kind === 'text' ? { moderated: true } : {});
      await store.create(ev, p);
      expect(await store.get(ev, 'p1')).toEqual(p);
      expect(await tally(p)).toEqual({
        ...EMPTY_TALLY,
        ...(kind === 'text' ? { answers: [], approved: [] } : {}),
      });
    });

    it('get answers null for an unknown poll or event', async () => {
      await store.create(ev, poll('p1'));
      expect(await store.get(ev, 'nope')).toBeNull();
      expect(await store.get(freshEventId('poll'), 'p1')).toBeNull();
    });

    it('lists newest first, whatever changes later', async () => {
      expect(await store.list(ev)).toEqual([]);
      for (const id of ['p1', 'p2', 'p3']) await store.create(ev, poll(id));
      await store.change(ev, 'p1', 'open', 100);
      const list = await store.list(ev);
      expect(list.map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);
      expect(list[2]).toEqual(await store.get(ev, 'p1'));
      expect(list[2].status).toBe('open');
    });

    it('lists the ids alone in the same order', async () => {
      expect(await store.ids(ev)).toEqual([]);
      for (const id of ['p1', 'p2', 'p3']) await store.create(ev, poll(id));
      expect(await store.ids(ev)).toEqual(['p3', 'p2', 'p1']);
      expect(await store.ids(ev)).toEqual((await store.list(ev)).map((p) => p.id));
    });
  });

  describe('change', () => {
    it('opens a draft and closes it, each once: a repeat is unchanged and keeps seq', async () => {
      await store.create(ev, poll('p1'));
      const open = { ...poll('p1'), status: 'open', openedAt: 100 };
      expect(await store.change(ev, 'p1', 'open', 100)).toEqual({ kind: 'changed', seq: 2, poll: open });
      expect(await store.change(ev, 'p1', 'open', 150)).toEqual({ kind: 'unchanged', poll: open });
      expect(await store.get(ev, 'p1')).toEqual(open);
      const closed = { ...open, status: 'closed', closedAt: 200 };
      expect(await store.change(ev, 'p1', 'close', 200)).toEqual({ kind: 'changed', seq: 3, poll: closed });
      expect(await store.change(ev, 'p1', 'close', 300)).toEqual({ kind: 'unchanged', poll: closed });
      expect(await store.get(ev, 'p1')).toEqual(closed);
      expect(await s.clock.seq(ev)).toBe(3);
    });

    it('reopens a closed poll: keeps its votes, clears closedAt', async () => {
      const p = await opened(poll('p1'));
      await vote(p, 'u1', { optionIds: ['a'] });
      await vote(p, 'u2', { optionIds: ['b'] });
      await store.change(ev, 'p1', 'close', 200);
      const reopen = await store.change(ev, 'p1', 'open', 300);
      expect(reopen).toEqual({ kind: 'changed', seq: 4, poll: { ...p, status: 'open', openedAt: 300 } });
      expect(await store.get(ev, 'p1')).not.toHaveProperty('closedAt');
      expect(await tally(p)).toMatchObject({ total: 2, counts: { a: 1, b: 1 } });
      expect(await vote(p, 'u3', { optionIds: ['a'] })).toBe('ok');
      expect(await tally(p)).toMatchObject({ total: 3, counts: { a: 2, b: 1 } });
    });

    it('reveals an open or closed poll once; a draft cannot be closed or revealed', async () => {
      await store.create(ev, poll('d'));
      expect(await store.change(ev, 'd', 'close', 100)).toEqual({ kind: 'draft' });
      expect(await store.change(ev, 'd', 'reveal', 100)).toEqual({ kind: 'draft' });
      expect(await store.get(ev, 'd')).toEqual(poll('d'));
      expect(await s.clock.seq(ev)).toBe(1);

      const p = await opened(poll('p1')); // seq 3
      const revealed = { ...p, status: 'open', openedAt: 100, revealed: true };
      expect(await store.change(ev, 'p1', 'reveal', 200)).toEqual({ kind: 'changed', seq: 4, poll: revealed });
      expect(await store.change(ev, 'p1', 'reveal', 300)).toEqual({ kind: 'unchanged', poll: revealed });
      expect((await tally(p)).revealed).toBe(true);

      const q = await opened(poll('p2')); // seq 6
      await store.change(ev, 'p2', 'close', 200);
      expect((await tally(q)).revealed).toBe(false);
      expect(await store.change(ev, 'p2', 'reveal', 300)).toMatchObject({ kind: 'changed', seq: 8 });
      expect(await store.get(ev, 'p2')).toMatchObject({ status: 'closed', revealed: true, closedAt: 200 });
      expect(await s.clock.seq(ev)).toBe(8);
    });

    it.each(['open', 'close', 'reveal'] as const)('%s of an unknown poll is missing', async (change) => {
      await store.create(ev, poll('p1'));
      expect(await store.change(ev, 'nope', change, 100)).toEqual({ kind: 'missing' });
      expect(await s.clock.seq(ev)).toBe(1);
    });
  });

  describe('vote and tally', () => {
    it('refuses votes on missing, draft and closed polls without moving anything', async () => {
      const p = poll('p1');
      expect(await vote(p, 'u1', { optionIds: ['a'] })).toBe('missing');
      await store.create(ev, p);
      expect(await vote(p, 'u1', { optionIds: ['a'] })).toBe('closed');
      await store.change(ev, 'p1', 'open', 100);
      expect(await vote(p, 'u1', { optionIds: ['a'] })).toBe('ok');
      await store.change(ev, 'p1', 'close', 200);
      expect(await vote(p, 'u2', { optionIds: ['b'] })).toBe('closed');
      expect(await vote(p, 'u1', { optionIds: ['b'] })).toBe('closed');
      expect(await tally(p)).toMatchObject({ version: 1, total: 1, counts: { a: 1 } });
      expect(await version('p1')).toBe(1);
      expect(await s.clock.seq(ev)).toBe(3);
      expect(await store.votesOf(ev, 'u1', ['p1'])).toEqual({ p1: { optionIds: ['a'] } });
    });

    it('counts one vote per voter: a new vote replaces the old one', async () => {
      const p = await opened(poll('p1'));
      await vote(p, 'u1', { optionIds: ['a'] }, 'DE');
      await vote(p, 'u2', { optionIds: ['a'] }, 'FR');
      await vote(p, 'u3', { optionIds: ['b'] }, null);
      const first = { version: 3, total: 3, counts: { a: 2, b: 1 }, byCountry: { DE: 1, FR: 1 } };
      expect(await tally(p)).toEqual({ ...EMPTY_TALLY, ...first });
      await vote(p, 'u1', { optionIds: ['b'] }, 'DE');
      await vote(p, 'u1', { optionIds: ['b'] }, 'DE');
      expect(await tally(p)).toMatchObject({ version: 5, total: 3, counts: { a: 1, b: 2 } });
      // The voter's country moves with the vote; a country nobody votes from any more disappears.
      await vote(p, 'u1', { optionIds: ['c'] }, 'FR');
      await vote(p, 'u2', { optionIds: ['c'] }, null);
      const t = await tally(p);
      expect(t).toMatchObject({ version: 7, total: 3 });
      expect([t.counts, t.byCountry]).toEqual([{ b: 1, c: 2 }, { FR: 1 }]);
      expect(t.version).toBe(await version('p1'));
    });

    it('applies votes cast at once in order, each once, per poll (Redis sends them in batches)', async () => {
      const p = await opened(poll('p1'));
      const m = await opened(poll('p2', 'multi'));
      const shut = await opened(poll('p3'));
      await store.change(ev, 'p3', 'close', 200);
      // 600 voters at once (more than one batch), each twice: the second vote must win.
      const voters = Array.from({ length: 600 }, (_, i) => `u${i}`);
      const results = await Promise.all([
        ...voters.map((u, i) => vote(p, u, { optionIds: [['a', 'b', 'c'][i % 3]] }, 'DE')),
        vote(m, 'u1', { optionIds: ['a', 'b'] }, 'JP'),
        vote(shut, 'u1', { optionIds: ['a'] }),
        ...voters.map((u, i) => vote(p, u, { optionIds: [i % 2 === 0 ? 'a' : 'b'] }, i < 100 ? 'FR' : 'DE')),
        vote(m, 'u1', { optionIds: ['c'] }, 'JP'),
      ]);
      expect(results.filter((r) => r === 'ok')).toHaveLength(1202);
      expect(results[601]).toBe('closed');
      expect(await tally(p)).toMatchObject({
        version: 1200,
        total: 600,
        counts: { a: 300, b: 300 },
        byCountry: { FR: 100, DE: 500 },
      });
      expect(await tally(m)).toMatchObject({ version: 2, total: 1, counts: { c: 1 }, byCountry: { JP: 1 } });
      expect(await tally(shut)).toMatchObject({ version: 0, total: 0 });
      expect(await store.votesOf(ev, 'u599', ['p1', 'p2'])).toEqual({ p1: { optionIds: ['b'] } });
    });

    it("takes one voter's several votes of one batch in order: the last one counts, once", async () => {
      const p = await opened(poll('p1', 'rating', { scale: { min: -2, max: 2 } }));
      await vote(p, 'u2', { value: 2 }, 'FR');
      // One turn, so one Redis batch: each vote undoes the one before it, also within the batch.
      const results = await Promise.all([
        vote(p, 'u1', { value: 1 }, 'DE'),
        vote(p, 'u1', { value: -2 }, 'JP'),
        vote(p, 'u2', { value: 0 }, 'FR'),
        vote(p, 'u1', { value: 0 }, 'FR'),
        vote(p, 'u3', { value: 2 }, 'DE'),
        vote(p, 'u3', { value: -1 }, 'JP'),
      ]);
      expect(results.every((r) => r === 'ok')).toBe(true);
      const t = await tally(p);
      expect(t).toMatchObject({ version: 7, total: 3, sum: -1 });
      expect([t.counts, t.byCountry]).toEqual([
        { '0': 2, '-1': 1 },
        { FR: 2, JP: 1 },
      ]);
      expect(await store.votesOf(ev, 'u1', ['p1'])).toEqual({ p1: { value: 0 } });
    });

    it('moves every chosen option of a multi vote', async () => {
      const p = await opened(poll('p1', 'multi'));
      await vote(p, 'u1', { optionIds: ['a', 'b'] }, 'JP');
      await vote(p, 'u2', { optionIds: ['b', 'c'] }, 'JP');
      expect(await tally(p)).toMatchObject({
        total: 2,
        counts: { a: 1, b: 2, c: 1 },
        byCountry: { JP: 2 },
      });
      await vote(p, 'u1', { optionIds: ['c'] }, 'JP');
      const t = await tally(p);
      expect(t).toMatchObject({ version: 3, total: 2, byCountry: { JP: 2 } });
      expect(t.counts).toEqual({ b: 1, c: 2 });
    });

    it('sums ratings and counts each value', async () => {
      const p = await opened(poll('p1', 'rating'));
      await vote(p, 'u1', { value: 5 }, 'BR');
      await vote(p, 'u2', { value: 3 }, 'BR');
      expect(await tally(p)).toMatchObject({ total: 2, sum: 8, counts: { '5': 1, '3': 1 } });
      await vote(p, 'u1', { value: 1 }, 'BR');
      const t = await tally(p);
      expect(t).toMatchObject({ version: 3, total: 2, sum: 4, byCountry: { BR: 2 } });
      expect(t.counts).toEqual({ '1': 1, '3': 1 });
    });

    it('undoes a rating of 0 and negative ratings', async () => {
      const p = await opened(poll('p1', 'rating', { scale: { min: -2, max: 2 } }));
      await vote(p, 'u1', { value: 0 });
      await vote(p, 'u2', { value: -2 });
      expect(await vote(p, 'u1', { value: -1 })).toBe('ok');
      expect(await vote(p, 'u2', { value: 0 })).toBe('ok');
      const t = await tally(p);
      expect(t).toMatchObject({ version: 4, total: 2, sum: -1 });
      expect(t.counts).toEqual({ '-1': 1, '0': 1 });
    });

    it('orders word-cloud words by count and keeps at most the limit', async () => {
      const p = await opened(poll('p1', 'wordcloud'));
      const answers = ['Safety!', ' SAFETY ', 'safety', 'speed', 'Speed?', 'range'];
      for (const [i, text] of answers.entries()) await vote(p, `u${i}`, { text });
      // Counts kept distinct, so the order is fixed whatever breaks ties.
      expect(await words(p, 50)).toEqual(['safety:3', 'speed:2', 'range:1']);
      await vote(p, 'u5', { text: 'comfort' });
      await vote(p, 'u3', { text: 'Comfort' });
      expect(await tally(p)).toMatchObject({ version: 8, total: 6, sum: 0 });
      expect(await words(p, Number.MAX_SAFE_INTEGER)).toEqual(['safety:3', 'comfort:2', 'speed:1']);
      expect(await words(p, 2)).toEqual(['safety:3', 'comfort:2']);
      expect(await words(p, 1)).toEqual(['safety:3']);
    });

    it('takes a word with a letter beyond the BMP at the cut, and a change of mind after it', async () => {
      const p = await opened(poll('p1', 'wordcloud'));
      const long = `${'a'.repeat(39)}\u{20000}b`;
      expect(await vote(p, 'u1', { text: long })).toBe('ok');
      expect(await vote(p, 'u2', { text: `${'a'.repeat(38)}\u{20000}` })).toBe('ok');
      expect(await words(p, 50)).toEqual([`${'a'.repeat(39)}:1`, `${'a'.repeat(38)}\u{20000}:1`]);
      // The stored vote is read back to undo it.
      expect(await vote(p, 'u1', { text: 'speed' })).toBe('ok');
      expect(await words(p, 50)).toEqual([`${'a'.repeat(38)}\u{20000}:1`, 'speed:1']);
    });

    it('breaks ties between words A to Z, so both stores cut the top alike', async () => {
      const p = await opened(poll('p1', 'wordcloud'));
      for (const [i, text] of ['zeal', 'apex', 'mild', 'apex', 'zeal'].entries()) await vote(p, `u${i}`, { text });
      expect(await words(p, 50)).toEqual(['apex:2', 'zeal:2', 'mild:1']);
      expect(await words(p, 1)).toEqual(['apex:2']);
      expect(await words(p, 0)).toEqual([]);
    });

    it('keeps the polls of two events apart; no votes is an empty tally at version 0', async () => {
      const p = await opened(poll('p1'));
      const other = ev;
      ev = freshEventId('poll');
      await opened(poll('p1'));
      await vote(p, 'u1', { optionIds: ['a'] });
      expect(await store.tally(other, p, 50)).toEqual(EMPTY_TALLY);
      expect(await tally(p)).toMatchObject({ version: 1, total: 1 });
    });
  });

  describe('ranking', () => {
    // Four options (n = 4): place i earns 4 - i points; maxRank 3.
    const rows = async (p: Poll): Promise<string[]> => {
      const { counts } = await tally(p);
      return ['a', 'b', 'c', 'd'].map(
        (o) => `${o}:${counts[o] ?? 0}/${counts[`p:${o}`] ?? 0}/${counts[`f:${o}`] ?? 0}`,
      );
    };

    it('counts voters, points and firsts per option; byCountry counts voters', async () => {
      const p = await opened(poll('r', 'ranking'));
      await vote(p, 'u1', { ranking: ['a', 'b', 'c'] }, 'DE');
      await vote(p, 'u2', { ranking: ['b', 'a'] }, 'DE');
      await vote(p, 'u3', { ranking: ['c'] }, 'CN');
      // voters/points/firsts: a 2/(4+3)/1, b 2/(3+4)/1, c 2/(2+4)/1, d nobody.
      expect(await rows(p)).toEqual(['a:2/7/1', 'b:2/7/1', 'c:2/6/1', 'd:0/0/0']);
      expect(await tally(p)).toMatchObject({ version: 3, total: 3, sum: 0, byCountry: { DE: 2, CN: 1 } });
      expect(await store.votesOf(ev, 'u2', ['r'])).toEqual({ r: { ranking: ['b', 'a'] } });
    });

    it('replaces a voter’s ranking exactly: every counter moves back', async () => {
      const p = await opened(poll('r', 'ranking'));
      await vote(p, 'u1', { ranking: ['a', 'b', 'c'] }, 'DE');
      await vote(p, 'u2', { ranking: ['d'] }, 'FR');
      await vote(p, 'u1', { ranking: ['d', 'c'] }, 'JP');
      expect(await rows(p)).toEqual(['a:0/0/0', 'b:0/0/0', 'c:1/3/0', 'd:2/8/2']);
      const t = await tally(p);
      expect([t.version, t.total, t.byCountry]).toEqual([3, 2, { FR: 1, JP: 1 }]);
      // Nothing left over of the replaced ranking (zeros are not counters).
      expect(t.counts).toEqual({ c: 1, 'p:c': 3, d: 2, 'p:d': 8, 'f:d': 2 });
      expect(await store.votesOf(ev, 'u1', ['r'])).toEqual({ r: { ranking: ['d', 'c'] } });
    });

    it('applies rankings cast at once in order, each once (more than one Redis batch)', async () => {
      const p = await opened(poll('r', 'ranking'));
      const voters = Array.from({ length: 300 }, (_, i) => `u${i}`);
      const results = await Promise.all([
        ...voters.map((u) => vote(p, u, { ranking: ['a', 'b', 'c'] }, 'DE')),
        ...voters.map((u, i) => vote(p, u, { ranking: i % 2 === 0 ? ['b'] : ['c', 'b'] }, i < 100 ? 'FR' : 'DE')),
      ]);
      expect(results.every((r) => r === 'ok')).toBe(true);
      expect(await rows(p)).toEqual(['a:0/0/0', `b:300/${150 * 4 + 150 * 3}/150`, 'c:150/600/150', 'd:0/0/0']);
      expect(await tally(p)).toMatchObject({ version: 600, total: 300, byCountry: { FR: 100, DE: 200 } });
    });
  });

  describe('text answers', () => {
    let at = 0;
    const answer = (p: Poll, voter: string, text: string, id: string, country: string | null = null) =>
      store.vote(ev, p.id, voter, effect(p, { text }, country, { id, at: ++at }));
    const ids = (list: TextAnswer[] | undefined): string[] => (list ?? []).map((a) => `${a.id}:${a.status}`);

    it('keeps one answer per voter, newest first; a new one replaces it with a new id', async () => {
      const p = await opened(poll('t', 'text'));
      expect(await answer(p, 'u1', ' Safer roads! ', 'a1', 'DE')).toBe('ok');
      await answer(p, 'u2', 'Zero crashes', 'a2', 'CN');
      await answer(p, 'u3', 'safer roads', 'a3', null);
      const t = await tally(p);
      expect(t).toMatchObject({ version: 3, total: 3, counts: {}, byCountry: { DE: 1, CN: 1 } });
      expect(t.answers).toEqual([
        { id: 'a3', text: 'safer roads', country: null, at: at, status: 'approved' },
        { id: 'a2', text: 'Zero crashes', country: 'CN', at: at - 1, status: 'approved' },
        { id: 'a1', text: 'Safer roads!', country: 'DE', at: at - 2, status: 'approved' },
      ]);
      expect(t.words).toEqual([
        ['safer roads', 2],
        ['zero crashes', 1],
      ]);
      await answer(p, 'u1', 'Zero crashes!', 'a4', 'FR');
      const after = await tally(p);
      expect(ids(after.answers)).toEqual(['a4:approved', 'a3:approved', 'a2:approved']);
      expect(after).toMatchObject({ version: 4, total: 3, byCountry: { CN: 1, FR: 1 } });
      expect(after.words).toEqual([
        ['zero crashes', 2],
        ['safer roads', 1],
      ]);
      expect(await store.votesOf(ev, 'u1', ['t'])).toEqual({ t: { text: 'Zero crashes!' } });
      // The replaced answer is gone.
      expect(await store.moderate(ev, 't', 'a1', 'approved')).toBeNull();
    });

    it('holds pending answers out of the approved list and words until approved; reject takes them out', async () => {
      const p = await opened(poll('t', 'text', { moderated: true }));
      await answer(p, 'u1', 'Airbags', 'a1');
      await answer(p, 'u2', 'airbags', 'a2');
      await answer(p, 'u3', 'Brakes', 'a3');
      let t = await tally(p);
      expect([ids(t.answers), ids(t.approved), t.words, t.version]).toEqual([
        ['a3:pending', 'a2:pending', 'a1:pending'],
        [],
        [],
        3,
      ]);
      expect(await store.moderate(ev, 't', 'a1', 'approved')).toMatchObject({ id: 'a1', status: 'approved' });
      expect(await store.moderate(ev, 't', 'a3', 'approved')).toMatchObject({ id: 'a3', text: 'Brakes' });
      expect(await store.moderate(ev, 't', 'a2', 'rejected')).toMatchObject({ id: 'a2', status: 'rejected' });
      t = await tally(p);
      expect([ids(t.answers), ids(t.approved), t.version]).toEqual([
        ['a3:approved', 'a2:rejected', 'a1:approved'],
        ['a3:approved', 'a1:approved'],
        6,
      ]);
      expect(t.words).toEqual([
        ['airbags', 1],
        ['brakes', 1],
      ]);
      // The same status again moves nothing; approve after reject and reject after approve both move.
      expect(await store.moderate(ev, 't', 'a1', 'approved')).toMatchObject({ status: 'approved' });
      expect((await tally(p)).version).toBe(6);
      await store.moderate(ev, 't', 'a2', 'approved');
      await store.moderate(ev, 't', 'a3', 'rejected');
      t = await tally(p);
      expect([ids(t.approved), t.words, t.version]).toEqual([['a2:approved', 'a1:approved'], [['airbags', 2]], 8]);
      expect(t.version).toBe(await version('t'));
      // A replaced approved answer takes its word along; the new one waits again.
      await answer(p, 'u1', 'Seat belts', 'a4');
      t = await tally(p);
      expect([ids(t.answers), ids(t.approved), t.words]).toEqual([
        ['a4:pending', 'a3:rejected', 'a2:approved'],
        ['a2:approved'],
        [['airbags', 1]],
      ]);
      expect(await store.moderate(ev, 't', 'nope', 'approved')).toBeNull();
      expect(await store.moderate(ev, 'nope', 'a2', 'approved')).toBeNull();
      expect((await tally(p)).version).toBe(9);
    });

    it('moderates a closed poll’s answers; refuses answers when closed; keeps at most the limit', async () => {
      const p = await opened(poll('t', 'text', { moderated: true }));
      for (let i = 1; i <= 5; i++) await answer(p, `u${i}`, `Answer ${i}`, `a${i}`);
      await store.change(ev, 't', 'close', 200);
      expect(await answer(p, 'u6', 'Late', 'a6')).toBe('closed');
      expect(await store.moderate(ev, 't', 'a2', 'approved')).toMatchObject({ status: 'approved' });
      await store.moderate(ev, 't', 'a4', 'approved');
      await store.moderate(ev, 't', 'a5', 'approved');
      const t = await tally(p, 2);
      expect([ids(t.answers), ids(t.approved), t.words.length]).toEqual([
        ['a5:approved', 'a4:approved'],
        ['a5:approved', 'a4:approved'],
        2,
      ]);
      expect((await tally(p, 0)).answers).toEqual([]);
      expect((await tally(p, Number.MAX_SAFE_INTEGER)).answers).toHaveLength(5);
      expect(await tally(p)).toMatchObject({ total: 5, version: 8 });
    });

    it('applies answers cast at once, each once (more than one Redis batch)', async () => {
      const p = await opened(poll('t', 'text'));
      const voters = Array.from({ length: 300 }, (_, i) => `u${i}`);
      const results = await Promise.all([
        ...voters.map((u, i) => answer(p, u, 'first', `x${i}`, 'DE')),
        ...voters.map((u, i) => answer(p, u, i % 3 === 0 ? 'Third' : 'Other', `y${i}`, 'FR')),
      ]);
      expect(results.every((r) => r === 'ok')).toBe(true);
      const t = await tally(p, 1000);
      expect(t).toMatchObject({ version: 600, total: 300, byCountry: { FR: 300 } });
      expect(t.words).toEqual([
        ['other', 200],
        ['third', 100],
      ]);
      expect(t.answers?.every((a) => a.id.startsWith('y'))).toBe(true);
      expect(t.answers).toHaveLength(300);
    });
  });

  describe('votesOf', () => {
    it("returns the voter's latest stored vote for the polls asked only", async () => {
      const single = await opened(poll('p1'));
      const cloud = await opened(poll('p2', 'wordcloud'));
      const rating = await opened(poll('p3', 'rating'));
      await opened(poll('p4'));
      await vote(single, 'u1', { optionIds: ['a'] });
      await vote(single, 'u1', { optionIds: ['c'] });
      await vote(cloud, 'u1', { text: '  Self-Driving! ' });
      await vote(rating, 'u1', { value: 4 });
      await vote(rating, 'u2', { value: 2 });
      expect(await store.votesOf(ev, 'u1', ['p1', 'p2', 'p4', 'nope'])).toEqual({
        p1: { optionIds: ['c'] },
        p2: { text: 'Self-Driving!' },
      });
      expect(await store.votesOf(ev, 'u1', ['p3'])).toEqual({ p3: { value: 4 } });
      expect(await store.votesOf(ev, 'u1', [])).toEqual({});
      expect(await store.votesOf(ev, 'u3', ['p1', 'p2', 'p3'])).toEqual({});
    });

    it('keeps its own copy: what the caller changes afterwards, in or out, changes nothing stored', async () => {
      const p = await opened(poll('p1', 'multi'));
      const cast = effect(p, { optionIds: ['a', 'b'] }, 'DE');
      await store.vote(ev, 'p1', 'u1', cast);
      cast.keys.push('c');
      cast.vote.optionIds?.push('c');
      const read = await store.votesOf(ev, 'u1', ['p1']);
      read.p1?.optionIds?.push('c');
      expect(await store.votesOf(ev, 'u1', ['p1'])).toEqual({ p1: { optionIds: ['a', 'b'] } });
      // Undone by the next vote with the keys it was cast with: no count of 'c' goes negative.
      await vote(p, 'u1', { optionIds: ['b'] }, 'DE');
      expect((await tally(p)).counts).toEqual({ b: 1 });
    });
  });
});

describe('RedisPollStore only', () => {
  let conn: RedisConnection;
  let store: RedisPollStore;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'poll-redis-only');
    store = new RedisPollStore(conn);
  });
  afterAll(() => conn.onModuleDestroy());

  it('writes every key of an event under its hash tag', async () => {
    await conn.client.flushall();
    const ev = freshEventId('poll');
    await pollSession(store, ev);
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys.length).toBeGreaterThanOrEqual(8);
    expect(tags).toEqual([`ev:${ev}`]);
  });

  it('keeps working after SCRIPT FLUSH', async () => {
    const ev = freshEventId('poll');
    await pollSession(store, ev);
    await conn.client.script('FLUSH');
    const p = poll('p3');
    expect(await store.create(ev, p)).toBe(7);
    expect(await store.change(ev, 'p3', 'open', 100)).toMatchObject({ kind: 'changed', seq: 8 });
    expect(await store.vote(ev, p.id, 'u1', effect(p, { optionIds: ['c'] }))).toBe('ok');
    expect(await store.tally(ev, p, 50)).toMatchObject({ version: 1, total: 1, counts: { c: 1 } });
  });

  it('keeps ranking and text keys under the hash tag, and their scripts survive SCRIPT FLUSH', async () => {
    await conn.client.flushall();
    const ev = freshEventId('poll');
    const r = poll('r', 'ranking');
    const t = poll('t', 'text', { moderated: true });
    for (const p of [r, t]) {
      await store.create(ev, p);
      await store.change(ev, p.id, 'open', 100);
    }
    await conn.client.script('FLUSH');
    expect(await store.vote(ev, 'r', 'u1', effect(r, { ranking: ['b', 'a'] }, 'DE'))).toBe('ok');
    expect(await store.vote(ev, 't', 'u1', effect(t, { text: 'Hello' }, 'DE', { id: 'a1', at: 5 }))).toBe('ok');
    await conn.client.script('FLUSH');
    expect(await store.moderate(ev, 't', 'a1', 'approved')).toEqual({
      id: 'a1',
      text: 'Hello',
      country: 'DE',
      at: 5,
      status: 'approved',
    });
    await conn.client.script('FLUSH');
    expect(await store.tally(ev, t, 50)).toMatchObject({ version: 2, total: 1, words: [['hello', 1]] });
    expect(await store.tally(ev, r, 50)).toMatchObject({ version: 1, counts: { a: 1, b: 1, 'p:b': 4, 'f:b': 1 } });
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys.length).toBeGreaterThanOrEqual(12);
    expect(tags).toEqual([`ev:${ev}`]);
  });

  it('answers UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const ev = freshEventId('poll');
    const p = poll('p1');
    await store.create(ev, p);
    await store.change(ev, 'p1', 'open', 100);
    const codes = await throughOutage(server(), conn, [
      () => store.vote(ev, 'p1', 'u1', effect(p, { optionIds: ['a'] })),
      () => store.create(ev, poll('p2')),
      () => store.change(ev, 'p1', 'close', 200),
      () => store.get(ev, 'p1'),
      () => store.list(ev),
      () => store.tally(ev, p, 50),
      () => store.votesOf(ev, 'u1', ['p1']),
    ]);
    expect(codes).toEqual(Array(7).fill('UNAVAILABLE'));
    // The server came back empty (no AOF): a new event starts from scratch.
    const after = freshEventId('poll');
    expect(await store.create(after, p)).toBe(1);
    expect(await store.change(after, 'p1', 'open', 100)).toMatchObject({ kind: 'changed', seq: 2 });
    expect(await store.vote(after, 'p1', 'u1', effect(p, { optionIds: ['a'] }))).toBe('ok');
    expect(await store.tally(after, p, 50)).toMatchObject({ version: 1, total: 1 });
  });
});
