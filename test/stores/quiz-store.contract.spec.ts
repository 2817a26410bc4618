import { rankCountries, rankPlayers, recount, standings } from '../../src/quiz/quiz-rules.js';
import type { AnswerResult, Player, QuizStore, RevealResult } from '../../src/quiz/quiz.store.js';
import type { Quiz, QuizScoring } from '../../src/quiz/quiz.types.js';
import { MemoryQuizStore } from '../../src/quiz/store/memory-quiz.store.js';
import { RedisQuizStore } from '../../src/quiz/store/redis-quiz.store.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import {
  connectRedis,
  freshEventId,
  storeContract,
  tagsOfAllKeys,
  throughOutage,
  type Subject,
} from './contract-support.js';

const { server, backends } = storeContract<QuizStore>(
  'quiz-contract',
  (clock) => new MemoryQuizStore(clock),
  (conn) => new RedisQuizStore(conn),
);

const LIMIT = 10_000;
const T0 = 1_700_000_000_000;

/** A quiz of `n` questions k1.. with options a, b, c; the right one is given per question (default a). */
function quiz(id: string, n = 3, scoring: Partial<QuizScoring> = {}, correct: string[][] = []): Quiz {
  return {
    id,
    title: { en: `Quiz ${id}`, zh: '测验' },
    status: 'draft',
    scoring: { basePoints: 1000, speed: true, streak: true, ...scoring },
    questions: Array.from({ length: n }, (_, i) => ({
      id: `k${i + 1}`,
      text: { en: `Question ${i + 1}` },
      options: ['a', 'b', 'c'].map((o) => ({ id: o, label: { en: o.toUpperCase() } })),
      timeLimitMs: LIMIT,
      correct: correct[i] ?? ['a'],
    })),
    current: null,
    createdAt: 5,
  };
}

describe.each(backends)('QuizStore contract (%s)', (_name, make) => {
  let s: Subject<QuizStore>;
  let store: QuizStore;
  let ev: string;
  beforeAll(async () => {
    s = await make();
    store = s.store;
  });
  afterAll(() => s.close());
  beforeEach(() => {
    ev = freshEventId('quiz');
  });

  const answer = (
    quizId: string,
    person: string,
    questionId: string,
    optionId: string,
    at: number,
    country: string | null = null,
  ): Promise<AnswerResult> =>
    store.answer(ev, { quizId, questionId, optionId, personId: person, name: `Name ${person}`, country, at });
  /** Creates the quiz and starts its first question at T0. */
  const started = async (q: Quiz): Promise<Quiz> => {
    await store.create(ev, q);
    const next = await store.next(ev, q.id, T0);
    if (next.kind !== 'changed') throw new Error(`next: ${next.kind}`);
    return next.quiz;
  };
  const revealed = async (quizId: string): Promise<Extract<RevealResult, { kind: 'revealed' }>> => {
    const r = await store.reveal(ev, quizId);
    if (r.kind !== 'revealed') throw new Error(`reveal: ${r.kind}`);
    return r;
  };
  const totals = async (quizId: string): Promise<Record<string, number>> =>
    Object.fromEntries((await store.players(ev, quizId)).map((p) => [p.id, p.points]));
  /** The stored players equal a recount of the stored answers, and so does the stored board. */
  const expectRecount = async (quizId: string): Promise<void> => {
    const q = await store.get(ev, quizId);
    if (!q) throw new Error('no quiz');
    const counted = recount(q, await store.answers(ev, quizId));
    const players = await store.players(ev, quizId);
    const sorted = (list: { id: string }[]): { id: string }[] => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(sorted(players.map(({ name: _n, country: _c, ...t }) => t))).toEqual(sorted([...counted.values()]));
    const boards = await store.boards(ev, quizId, 1000);
    const byId = new Map(players.map((p) => [p.id, p]));
    const expected = rankPlayers([...counted.values()].map((t) => ({ ...t, ...pick(byId.get(t.id)) })));
    expect(boards.leaderboard).toEqual(
      expected.map(({ rank, id, name, country, points, elapsedMs }) => ({
        rank,
        id,
        name,
        country,
        points,
        elapsedMs,
      })),
    );
  };

  describe('create, get, list, next, end', () => {
    it('stores a draft, raises seq once per change, refuses a taken id, lists newest first', async () => {
      expect(await store.create(ev, quiz('z1'))).toBe(1);
      expect(await store.create(ev, quiz('z2', 1))).toBe(2);
      expect(await store.create(ev, quiz('z1', 2))).toBeNull();
      expect(await store.get(ev, 'z1')).toEqual(quiz('z1'));
      expect(await store.get(ev, 'nope')).toBeNull();
      expect((await store.list(ev)).map((q) => q.id)).toEqual(['z2', 'z1']);
      expect(await s.clock.seq(ev)).toBe(2);
    });

    it('runs the questions in order: each starts once the one before is revealed, then the quiz ends', async () => {
      await store.create(ev, quiz('z', 2));
      expect(await store.end(ev, 'z')).toEqual({ kind: 'refused', reason: 'draft' });
      expect(await store.reveal(ev, 'z')).toEqual({ kind: 'refused', reason: 'idle' });
      const first = await store.next(ev, 'z', T0);
      const current = { index: 0, phase: 'question', startsAt: T0, endsAt: T0 + LIMIT, closed: false };
      expect(first).toEqual({ kind: 'changed', seq: 2, quiz: { ...quiz('z', 2), status: 'running', current } });
      expect(await store.get(ev, 'z')).toEqual({ ...quiz('z', 2), status: 'running', current });
      expect(await store.next(ev, 'z', T0 + 1)).toEqual({ kind: 'refused', reason: 'unrevealed' });
      expect(await store.end(ev, 'z')).toEqual({ kind: 'refused', reason: 'unrevealed' });
      await revealed('z');
      const second = await store.next(ev, 'z', T0 + 50_000);
      expect(second).toMatchObject({
        kind: 'changed',
        seq: 4,
        quiz: { current: { index: 1, startsAt: T0 + 50_000, endsAt: T0 + 60_000 } },
      });
      await revealed('z');
      expect(await store.next(ev, 'z', T0 + 90_000)).toEqual({ kind: 'refused', reason: 'last' });
      const ended = await store.end(ev, 'z');
      expect(ended).toMatchObject({
        kind: 'changed',
        seq: 6,
        quiz: { status: 'ended', current: { index: 1, phase: 'reveal' } },
      });
      expect(await store.end(ev, 'z')).toMatchObject({ kind: 'unchanged', quiz: { status: 'ended' } });
      expect(await store.next(ev, 'z', T0 + 99_000)).toEqual({ kind: 'refused', reason: 'ended' });
      expect(await store.next(ev, 'nope', T0)).toEqual({ kind: 'missing' });
      expect(await store.end(ev, 'nope')).toEqual({ kind: 'missing' });
      expect(await store.reveal(ev, 'nope')).toEqual({ kind: 'missing' });
      expect(await s.clock.seq(ev)).toBe(6);
    });
  });

  describe('answers', () => {
    it('takes one final answer per person up to endsAt included, with elapsed from startsAt', async () => {
      await started(quiz('z'));
      expect(await answer('z', 'p1', 'k1', 'b', T0 + 1234)).toEqual({ elapsedMs: 1234 });
      expect(await answer('z', 'p1', 'k1', 'a', T0 + 2000)).toBe('conflict');
      expect(await answer('z', 'p2', 'k1', 'a', T0 + LIMIT)).toEqual({ elapsedMs: LIMIT });
      expect(await answer('z', 'p3', 'k1', 'a', T0 + LIMIT + 1)).toBe('closed');
      expect(await answer('z', 'p4', 'k2', 'a', T0 + 10)).toBe('closed');
      expect(await answer('nope', 'p4', 'k1', 'a', T0 + 10)).toBe('missing');
      expect((await store.answers(ev, 'z')).sort((a, b) => (a.personId < b.personId ? -1 : 1))).toEqual([
        { personId: 'p1', questionId: 'k1', optionId: 'b', elapsedMs: 1234 },
        { personId: 'p2', questionId: 'k1', optionId: 'a', elapsedMs: LIMIT },
      ]);
      expect(await store.answered(ev, 'z', 'k1')).toEqual({ answered: 2, version: 2 });
      expect((await s.clock.versions(ev))['quiz:z']).toBe(2);
      expect(await store.mine(ev, 'z', ['k1'], 'p1')).toEqual({
        answers: { k1: 'b' },
        total: 0,
        rank: null,
        streak: 0,
      });
      expect(await store.mine(ev, 'z', ['k1'], 'p3')).toBeNull();
      expect(await s.clock.seq(ev)).toBe(2);
    });

    it('refuses answers to a draft, after the close and after the reveal', async () => {
      await store.create(ev, quiz('d'));
      expect(await answer('d', 'p1', 'k1', 'a', T0)).toBe('closed');
      await started(quiz('z'));
      expect(await store.close(ev, 'z', T0 + LIMIT + 1)).toEqual({ seq: 4, questionId: 'k1' });
      expect(await answer('z', 'p1', 'k1', 'a', T0 + 5)).toBe('closed');
      await started(quiz('y'));
      expect(await answer('y', 'p1', 'k1', 'a', T0 + 5)).toEqual({ elapsedMs: 5 });
      await revealed('y');
      expect(await answer('y', 'p2', 'k1', 'a', T0 + 6)).toBe('closed');
      expect(await store.answers(ev, 'z')).toEqual([]);
    });

    it('keeps exactly one answer of many sent at once by the same people', async () => {
      await started(quiz('z'));
      const sends = Array.from({ length: 60 }, (_, i) =>
        answer('z', `p${i % 20}`, 'k1', ['a', 'b', 'c'][i % 3], T0 + i),
      );
      const results = await Promise.all(sends);
      expect(results.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => ({ elapsedMs: i })));
      expect(results.slice(20)).toEqual(Array(40).fill('conflict'));
      expect(await store.answered(ev, 'z', 'k1')).toEqual({ answered: 20, version: 20 });
    });
  });

  describe('close at the deadline', () => {
    it('closes once, only past endsAt, whoever asks first; due lists it until then', async () => {
      await started(quiz('z'));
      await started(quiz('y'));
      expect(await store.due(ev, T0 + LIMIT)).toEqual([]);
      expect(await store.close(ev, 'z', T0 + LIMIT)).toBeNull();
      expect((await store.due(ev, T0 + LIMIT + 1)).sort()).toEqual(['y', 'z']);
      const closes = await Promise.all([store.close(ev, 'z', T0 + LIMIT + 1), store.close(ev, 'z', T0 + LIMIT + 2)]);
      expect(closes.filter((c) => c !== null)).toEqual([{ seq: 5, questionId: 'k1' }]);
      expect(await store.close(ev, 'z', T0 + LIMIT + 3)).toBeNull();
      expect(await store.due(ev, T0 + LIMIT + 3)).toEqual(['y']);
      expect((await store.get(ev, 'z'))?.current).toMatchObject({ phase: 'question', closed: true });
      await revealed('y');
      expect(await store.due(ev, T0 + LIMIT + 3)).toEqual([]);
      expect(await store.close(ev, 'y', T0 + LIMIT + 3)).toBeNull();
      expect(await store.close(ev, 'nope', T0 + LIMIT + 3)).toBeNull();
      expect(await s.clock.seq(ev)).toBe(6);
    });
  });

  describe('reveal', () => {
    it('closes the question, scores every answer once, counts every option; twice scores once', async () => {
      await started(quiz('z'));
      await answer('z', 'p1', 'k1', 'a', T0, 'ES');
      await answer('z', 'p2', 'k1', 'a', T0 + 5000, 'ES');
      await answer('z', 'p3', 'k1', 'b', T0 + 1, 'FR');
      const r = await revealed('z');
      expect(r.seq).toBe(3);
      expect(r.questionId).toBe('k1');
      expect(r.counts).toEqual({ a: 2, b: 1, c: 0 });
      expect(r.quiz.current).toMatchObject({ index: 0, phase: 'reveal', closed: true });
      expect(r.results.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
        { id: 'p1', correct: true, points: 1000, total: 1000, streak: 1, rank: 1 },
        { id: 'p2', correct: true, points: 750, total: 750, streak: 1, rank: 2 },
        { id: 'p3', correct: false, points: 0, total: 0, streak: 0, rank: 3 },
      ]);
      const again = await store.reveal(ev, 'z');
      expect(again).toMatchObject({ kind: 'unchanged', quiz: { current: { phase: 'reveal' } } });
      expect(await s.clock.seq(ev)).toBe(3);
      expect(await totals('z')).toEqual({ p1: 1000, p2: 750, p3: 0 });
      expect(await store.boards(ev, 'z', 2)).toEqual({
        leaderboard: [
          { rank: 1, id: 'p1', name: 'Name p1', country: 'ES', points: 1000, elapsedMs: 0 },
          { rank: 2, id: 'p2', name: 'Name p2', country: 'ES', points: 750, elapsedMs: 5000 },
        ],
        countries: expect.arrayContaining([
          { country: 'ES', sum: 1750, people: 2 },
          { country: 'FR', sum: 0, people: 1 },
        ]) as unknown,
      });
      expect(await store.mine(ev, 'z', ['k1'], 'p2')).toEqual({ answers: { k1: 'a' }, total: 750, rank: 2, streak: 1 });
      await expectRecount('z');
    });

    it('counts streaks with streak and speed on, and breaks them on a wrong or missing answer', async () => {
      const q = quiz('z', 5, {}, [['a'], ['b'], ['a', 'c'], ['a'], ['a']]);
      await started(q);
      // p1: right, right, wrong, right, right; p2: right, missing, right, right, right (from k3 on).
      const plan: Record<string, (string | null)[]> = { p1: ['a', 'b', 'b', 'a', 'a'], p2: ['a', null, 'c', 'a', 'a'] };
      const streaks: number[][] = [];
      for (let i = 0; i < 5; i++) {
        const at = T0 + i * 100_000;
        if (i > 0) await store.next(ev, 'z', at);
        for (const [person, picks] of Object.entries(plan)) {
          const pick = picks[i];
          if (pick) expect(await answer('z', person, `k${i + 1}`, pick, at)).toEqual({ elapsedMs: 0 });
        }
        const r = await revealed('z');
        streaks.push(['p1', 'p2'].map((id) => r.results.find((x) => x.id === id)?.streak ?? -1));
      }
      expect(streaks).toEqual([
        [1, 1],
        [2, 0],
        [0, 1],
        [1, 2],
        [2, 3],
      ]);
      // p1: 1000 + 1100 + 0 + 1000 + 1100; p2: 1000 + 0 + 1000 + 1100 + 1200.
      expect(await totals('z')).toEqual({ p1: 4200, p2: 4300 });
      await expectRecount('z');
    });

    it.each([
      [
        { speed: false, streak: false },
        { p1: 2000, p2: 1000 },
      ],
      [
        { speed: false, streak: true },
        { p1: 2100, p2: 1000 },
      ],
      [
        { speed: true, streak: false },
        { p1: 1000, p2: 1000 },
      ],
      [
        { speed: true, streak: true },
        { p1: 1100, p2: 1000 },
      ],
    ])('scores with %o', async (scoring, expected) => {
      await started(quiz('z', 2, scoring));
      await answer('z', 'p1', 'k1', 'a', T0 + LIMIT);
      await answer('z', 'p2', 'k1', 'b', T0);
      await revealed('z');
      await store.next(ev, 'z', T0 + 100_000);
      await answer('z', 'p1', 'k2', 'a', T0 + 100_000 + LIMIT);
      await answer('z', 'p2', 'k2', 'a', T0 + 100_000);
      await revealed('z');
      expect(await totals('z')).toEqual(expected);
      await expectRecount('z');
    });

    it('rounds as the rules do, in doubles, on every store', async () => {
      await started(quiz('z'));
      // 1000 * (1 - 2570 / 10000 / 2) is 871.4999999999999 in doubles: 871; 2580 gives 871 exactly; 2560, 872.
      await answer('z', 'p1', 'k1', 'a', T0 + 2570);
      await answer('z', 'p2', 'k1', 'a', T0 + 2580);
      await answer('z', 'p3', 'k1', 'a', T0 + 2560);
      expect(await revealed('z').then((r) => r.results.map((x) => [x.id, x.points]).sort())).toEqual([
        ['p1', 871],
        ['p2', 871],
        ['p3', 872],
      ]);
      await expectRecount('z');
    });

    it('gives equal points and elapsed the same rank, listed by id', async () => {
      await started(quiz('z'));
      for (const p of ['pc', 'pa', 'pb']) await answer('z', p, 'k1', 'a', T0 + 400);
      await answer('z', 'pd', 'k1', 'a', T0 + 401);
      await answer('z', 'p0', 'k1', 'b', T0 + 1);
      const r = await revealed('z');
      const ranks = Object.fromEntries(r.results.map((x) => [x.id, x.rank]));
      expect(ranks).toEqual({ pa: 1, pb: 1, pc: 1, pd: 4, p0: 5 });
      const board = (await store.boards(ev, 'z', 10)).leaderboard;
      expect(board.map((b) => `${b.rank}:${b.id}:${b.points}`)).toEqual([
        '1:pa:980',
        '1:pb:980',
        '1:pc:980',
        '4:pd:980',
        '5:p0:0',
      ]);
      expect((await store.boards(ev, 'z', 2)).leaderboard.map((b) => b.id)).toEqual(['pa', 'pb']);
      await expectRecount('z');
    });

    it('counts each country by its players who answered at least once; the minimum leaves small ones out', async () => {
      await started(quiz('z', 2));
      const people: [string, string | null, string][] = [
        ['e1', 'ES', 'a'],
        ['e2', 'ES', 'b'],
        ['e3', 'ES', 'a'],
        ['f1', 'FR', 'a'],
        ['f2', 'FR', 'a'],
        ['n1', null, 'a'],
      ];
      for (const [id, country, pick] of people) await answer('z', id, 'k1', pick, T0, country);
      await revealed('z');
      await store.next(ev, 'z', T0 + 100_000);
      // A new French player: counted from the reveal after their first answer.
      await answer('z', 'f3', 'k2', 'b', T0 + 100_000, 'FR');
      await answer('z', 'e1', 'k2', 'a', T0 + 100_000, 'DE');
      let countries = (await store.boards(ev, 'z', 10)).countries;
      expect(countries.find((c) => c.country === 'FR')).toEqual({ country: 'FR', sum: 2000, people: 2 });
      await revealed('z');
      countries = (await store.boards(ev, 'z', 10)).countries;
      expect(countries.sort((a, b) => (a.country < b.country ? -1 : 1))).toEqual([
        { country: 'ES', sum: 3100, people: 3 },
        { country: 'FR', sum: 2000, people: 3 },
      ]);
      expect(rankCountries(countries, 3)).toEqual([
        { rank: 1, country: 'ES', points: 1033.3, people: 3 },
        { rank: 2, country: 'FR', points: 666.7, people: 3 },
      ]);
      expect(rankCountries(countries, 4)).toEqual([]);
      expect((await store.players(ev, 'z')).find((p) => p.id === 'e1')).toMatchObject({
        country: 'ES',
        name: 'Name e1',
      });
      await expectRecount('z');
    });

    it('keeps the board equal to a recount after every reveal of a busy quiz', async () => {
      await started(quiz('z', 4, {}, [['a'], ['b'], ['c'], ['a', 'b']]));
      const countries = ['ES', 'FR', 'DE', 'JP', null];
      let seed = 7;
      const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
      for (let i = 0; i < 4; i++) {
        const start = T0 + i * 200_000;
        if (i > 0) await store.next(ev, 'z', start);
        const sends: Promise<AnswerResult>[] = [];
        for (let p = 0; p < 40; p++) {
          if (rnd(5) === 0) continue;
          const at = start + rnd(LIMIT + 2000);
          sends.push(answer('z', `p${p}`, `k${i + 1}`, ['a', 'b', 'c'][rnd(3)], at, countries[p % 5]));
        }
        const results = await Promise.all(sends);
        expect(results.every((r) => r === 'closed' || typeof r === 'object')).toBe(true);
        const r = await revealed('z');
        const players = await store.players(ev, 'z');
        expect(r.results.map((x) => [x.id, x.total, x.streak]).sort()).toEqual(
          players.map((p) => [p.id, p.points, p.streak]).sort(),
        );
        const ranks = new Map(rankPlayers(players).map((x) => [x.id, x.rank]));
        for (const x of r.results) expect(x.rank).toBe(ranks.get(x.id));
        await expectRecount('z');
        const top = standings((await store.boards(ev, 'z', 10)).leaderboard);
        expect(top).toEqual(standings(rankPlayers(players).slice(0, 10)));
      }
    });
  });
});

function pick(p: Player | undefined): { name: string | null; country: string | null } {
  return { name: p?.name ?? null, country: p?.country ?? null };
}

describe('RedisQuizStore only', () => {
  let conn: RedisConnection;
  let store: RedisQuizStore;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'quiz-redis-only');
    store = new RedisQuizStore(conn);
  });
  afterAll(() => conn.onModuleDestroy());

  it('writes every key of an event under its hash tag, and its scripts survive SCRIPT FLUSH', async () => {
    await conn.client.flushall();
    const ev = freshEventId('quiz');
    await store.create(ev, quiz('z'));
    await conn.client.script('FLUSH');
    await store.next(ev, 'z', T0);
    await conn.client.script('FLUSH');
    expect(
      await store.answer(ev, {
        quizId: 'z',
        questionId: 'k1',
        optionId: 'a',
        personId: 'p1',
        name: '李 "x"|y',
        country: 'CN',
        at: T0 + 9,
      }),
    ).toEqual({ elapsedMs: 9 });
    await conn.client.script('FLUSH');
    expect(await store.reveal(ev, 'z')).toMatchObject({ kind: 'revealed', seq: 3 });
    expect((await store.players(ev, 'z'))[0]).toMatchObject({
      id: 'p1',
      name: '李 "x"|y',
      country: 'CN',
      points: 1000,
    });
    const { keys, tags } = await tagsOfAllKeys(conn);
    expect(keys.length).toBeGreaterThanOrEqual(9);
    expect(tags).toEqual([`ev:${ev}`]);
  });

  it('answers UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const ev = freshEventId('quiz');
    await store.create(ev, quiz('z'));
    await store.next(ev, 'z', T0);
    const codes = await throughOutage(server(), conn, [
      () =>
        store.answer(ev, {
          quizId: 'z',
          questionId: 'k1',
          optionId: 'a',
          personId: 'p1',
          name: null,
          country: null,
          at: T0,
        }),
      () => store.reveal(ev, 'z'),
      () => store.close(ev, 'z', T0 + LIMIT + 1),
      () => store.boards(ev, 'z', 10),
    ]);
    expect(codes).toEqual(Array(4).fill('UNAVAILABLE'));
    const after = freshEventId('quiz');
    expect(await store.create(after, quiz('z'))).toBe(1);
  });
});
