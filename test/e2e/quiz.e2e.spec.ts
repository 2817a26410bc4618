import { QUIZ_STORE, type QuizStore } from '../../src/quiz/quiz.store.js';
import { rankCountries, rankPlayers, recount, standings } from '../../src/quiz/quiz-rules.js';
import type { Client } from '../support/app.js';
import type { Sequenced } from '../support/protocol.js';
import { MODES, detailFields, drain, errorOf, okData, sequenced, sync, useApp, type Member } from './helpers.js';
import { quizPayload, quizStep } from './quiz-support.js';

const COUNTRIES = ['ES', 'FR', 'DE', 'JP', 'BR'];
const QUIZ_EVENTS: Sequenced['event'][] = [
  'state',
  'state:seq',
  'quiz:updated',
  'quiz:question',
  'quiz:closed',
  'quiz:reveal',
  'quiz:ended',
];

/** Every seq this client saw in order (its snapshot, then the quiz's changes) is the one before plus one. */
function expectQuizGapless(client: Client): void {
  const trail = sequenced(client, QUIZ_EVENTS).map((m) => m.payload.seq);
  expect(trail).toEqual(trail.map((_, i) => trail[0] + i));
}

const answer = (m: Member, quizId: string, questionId: string, optionId: string) =>
  m.client.send('quiz:answer', { quizId, questionId, optionId });

describe.each(MODES)('the quiz (%s)', (mode) => {
  const ctx = useApp(mode, { env: { COMMAND_RATE: '1000', COMMAND_BURST: '1000' } });
  const store = (): QuizStore => ctx.app.app.get<symbol, QuizStore>(QUIZ_STORE);

  /** The stored boards of a quiz, recounted from its stored answers alone, as the protocol sends them. */
  async function recounted(eventId: string, quizId: string) {
    const quiz = await store().get(eventId, quizId);
    if (!quiz) throw new Error('no quiz');
    const people = new Map((await store().players(eventId, quizId)).map((p) => [p.id, p]));
    const totals = [...recount(quiz, await store().answers(eventId, quizId)).values()];
    const ranked = rankPlayers(
      totals.map((t) => ({ ...t, name: people.get(t.id)?.name ?? null, country: people.get(t.id)?.country ?? null })),
    );
    const byCountry = new Map<string, { country: string; sum: number; people: number }>();
    for (const p of ranked) {
      if (p.country === null) continue;
      const c = byCountry.get(p.country) ?? { country: p.country, sum: 0, people: 0 };
      byCountry.set(p.country, { ...c, sum: c.sum + p.points, people: c.people + 1 });
    }
    return { ranked, leaderboard: standings(ranked), countries: rankCountries([...byCountry.values()], 3) };
  }

  it('plays a whole quiz with 40 players: questions, answers, reveals with boards, quiz:me on every socket, the end', async () => {
    const room = await ctx.room();
    const players = await room.members(40, (i) => ({ name: `Player ${i}`, country: COUNTRIES[i % 5] }));
    const second = await ctx.connect(players[0].token);
    const all = [room.op, room.screen, second, ...players.map((p) => p.client)];

    const created = okData(await room.op.send('quiz:create', quizPayload('z', { n: 3 })));
    expect(created).toMatchObject({ id: 'z', status: 'draft', current: null, questionCount: 3 });
    expect(created.questions[0].correct).toEqual(['a']);
    expect((await room.op.waitFor('quiz:updated')).quiz).toEqual(created);
    await room.screen.waitFor('state:seq', (m) => m.seq === room.screen.messages('state')[0].seq + 1);
    expect(room.screen.messages('quiz:updated')).toEqual([]);
    expect((await sync(players[1].client)).quizzes).toEqual([]);

    const playedBy = new Set<number>();
    const played = (country: string): number => [...playedBy].filter((n) => COUNTRIES[n % 5] === country).length;
    for (const [i, right] of ['a', 'b', 'c'].entries()) {
      const questionId = `k${i + 1}`;
      const started = await quizStep(room.op, 'quiz:next', 'z');
      expect(started.current).toMatchObject({ index: i, phase: 'question', closed: false });
      const { startsAt, endsAt } = started.current!;
      expect(endsAt - startsAt).toBe(60_000);
      for (const c of all) {
        const q = await c.waitFor('quiz:question', (m) => m.index === i);
        expect(q).toMatchObject({ quizId: 'z', startsAt, endsAt, question: { id: questionId } });
        expect(q.question).not.toHaveProperty('correct');
        expect(q.serverTime).toBeGreaterThanOrEqual(startsAt);
        if (c !== room.op) expect(q.quiz?.questions.map((x) => x.id)).toEqual(['k1', 'k2', 'k3'].slice(0, i + 1));
      }
      // Player n answers a, b, c, d in turn; when (n + i) % 7 == 6 they sit this one out.
      const acks = await Promise.all(
        players.map((p, n) =>
          (n + i) % 7 === 6 ? Promise.resolve(null) : answer(p, 'z', questionId, 'abcd'[(n + i) % 4]),
        ),
      );
      for (const ack of acks) {
        if (ack === null) continue;
        const data = okData(ack);
        expect(data.questionId).toBe(questionId);
        expect(data.elapsedMs).toBeGreaterThanOrEqual(0);
        expect(data.elapsedMs).toBeLessThan(60_000);
      }
      acks.forEach((ack, n) => ack !== null && playedBy.add(n));
      const answered = acks.filter((a) => a !== null).length;
      await room.op.waitFor('quiz:answers', (m) => m.questionId === questionId && m.answered === answered);

      const revealedQuiz = await quizStep(room.op, 'quiz:reveal', 'z');
      expect(revealedQuiz.current).toMatchObject({ index: i, phase: 'reveal', closed: true });
      const expected = await recounted(room.id, 'z');
      const counts = { a: 0, b: 0, c: 0, d: 0 };
      players.forEach((_, n) => (n + i) % 7 !== 6 && (counts['abcd'[(n + i) % 4] as 'a'] += 1));
      for (const c of all) {
        const r = await c.waitFor('quiz:reveal', (m) => m.questionId === questionId);
        expect(r).toMatchObject({ quizId: 'z', correct: [right], counts });
        expect(r.leaderboard).toEqual(expected.leaderboard.slice(0, 10));
        expect(r.countries).toEqual(expected.countries);
        expect(r.countries.map((x) => x.people).sort()).toEqual(COUNTRIES.map((k) => played(k)).sort());
      }
      // quiz:me to every socket of everyone who played so far, with the same totals and ranks as the board.
      for (const [n, p] of players.entries()) {
        if (!playedBy.has(n)) {
          expect(p.client.messages('quiz:me').filter((m) => m.questionId === questionId)).toEqual([]);
          continue;
        }
        const sockets = n === 0 ? [p.client, second] : [p.client];
        for (const s of sockets) {
          const me = await s.waitFor('quiz:me', (m) => m.questionId === questionId);
          const row = expected.ranked.find((x) => x.id === p.audienceId);
          expect(me).toMatchObject({ quizId: 'z', total: row?.points, rank: row?.rank });
          expect(me.correct).toBe((n + i) % 7 !== 6 && 'abcd'[(n + i) % 4] === right);
        }
      }
    }
    expect(room.op.messages('quiz:me')).toEqual([]);
    expect(room.screen.messages('quiz:me')).toEqual([]);

    const ended = await quizStep(room.op, 'quiz:end', 'z');
    expect(ended.status).toBe('ended');
    const final = await recounted(room.id, 'z');
    for (const c of all) {
      const e = await c.waitFor('quiz:ended');
      expect(e).toMatchObject({ quizId: 'z', leaderboard: final.leaderboard.slice(0, 10), countries: final.countries });
      expect(e.quiz?.status).toBe('ended');
      expectQuizGapless(c);
    }
    const screenState = await sync(room.screen);
    expect(screenState.quizBoards.z).toEqual({
      leaderboard: final.leaderboard.slice(0, 10),
      countries: final.countries,
    });
    expect(screenState.quizzes[0].questions.map((q) => q.correct)).toEqual([['a'], ['b'], ['c']]);
  });

  it('keeps a player’s answers and score across a reconnect in the middle of the quiz', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2, (i) => ({ name: ['Ana', 'Ben'][i], country: 'ES' }));
    okData(await room.op.send('quiz:create', quizPayload('z', { n: 3, speed: false })));
    await quizStep(room.op, 'quiz:next', 'z');
    okData(await answer(ana, 'z', 'k1', 'a'));
    okData(await answer(ben, 'z', 'k1', 'b'));
    await quizStep(room.op, 'quiz:reveal', 'z');
    await quizStep(room.op, 'quiz:next', 'z');
    okData(await answer(ana, 'z', 'k2', 'b'));
    ana.client.close();

    const again = await ctx.connect(ana.token);
    const state = again.messages('state')[0];
    expect(state.myQuiz).toEqual({ z: { answers: { k1: 'a', k2: 'b' }, total: 1000, rank: 1, streak: 1 } });
    expect(state.quizzes.map((q) => q.id)).toEqual(['z']);
    expect(state.quizzes[0].questions.map((q) => q.correct)).toEqual([['a'], undefined]);
    expect(state.quizBoards.z.leaderboard.map((s) => [s.name, s.points, s.rank])).toEqual([
      ['Ana', 1000, 1],
      ['Ben', 0, 2],
    ]);
    expect(errorOf(await again.send('quiz:answer', { quizId: 'z', questionId: 'k2', optionId: 'a' })).code).toBe(
      'CONFLICT',
    );
    await quizStep(room.op, 'quiz:reveal', 'z');
    expect(await again.waitFor('quiz:me', (m) => m.questionId === 'k2')).toEqual({
      quizId: 'z',
      questionId: 'k2',
      correct: true,
      points: 1100,
      total: 2100,
      rank: 1,
      streak: 2,
    });
    expect((await sync(again)).myQuiz.z).toEqual({ answers: { k1: 'a', k2: 'b' }, total: 2100, rank: 1, streak: 2 });
    expect((await sync(room.screen)).myQuiz).toEqual({});
  });

  it('refuses every quiz command to the roles that may not send it, changing nothing', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    okData(await room.op.send('quiz:create', quizPayload('z')));
    await quizStep(room.op, 'quiz:next', 'z');
    const before = await store().get(room.id, 'z');
    const operatorOnly = ['quiz:create', 'quiz:next', 'quiz:reveal', 'quiz:end'] as const;
    for (const client of [ana.client, room.screen]) {
      expect(errorOf(await client.send('quiz:create', quizPayload('other'))).code).toBe('FORBIDDEN');
      for (const command of operatorOnly.slice(1)) {
        expect(errorOf(await client.send(command, { quizId: 'z' })).code).toBe('FORBIDDEN');
      }
    }
    for (const client of [room.op, room.screen]) {
      const ack = await client.send('quiz:answer', { quizId: 'z', questionId: 'k1', optionId: 'a' });
      expect(errorOf(ack).code).toBe('FORBIDDEN');
    }
    expect(await store().get(room.id, 'z')).toEqual(before);
    expect(await store().get(room.id, 'other')).toBeNull();
    expect(await store().answers(room.id, 'z')).toEqual([]);
    const csv = `/api/events/${room.id}/quizzes/z/results.csv`;
    expect((await ctx.api('GET', csv, undefined, ana.token)).status).toBe(403);
    expect((await ctx.api('GET', csv, undefined, room.screenToken)).status).toBe(403);
    expect((await ctx.api('GET', csv, undefined)).status).toBe(401);
  });

  it('answers each error with its code: VALIDATION_FAILED with fields, NOT_FOUND, CONFLICT, POLL_CLOSED', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    const op = room.op;
    const valid = quizPayload('z', { n: 2 });
    const questions = valid.questions as Record<string, unknown>[];
    const bad = (change: Record<string, unknown>) => ({ ...valid, questions: [{ ...questions[0], ...change }] });
    expect(detailFields(errorOf(await op.send('quiz:create', bad({ timeLimitMs: 4000 }))))).toEqual([
      'questions.0.timeLimitMs',
    ]);
    expect(detailFields(errorOf(await op.send('quiz:create', bad({ correct: ['x'] }))))).toEqual([
      'questions.0.correct',
    ]);
    expect(
      detailFields(errorOf(await op.send('quiz:create', { ...valid, questions: [questions[0], questions[0]] }))),
    ).toEqual(['questions']);
    expect(detailFields(errorOf(await op.send('quiz:create', { ...valid, scoring: { basePoints: 0 } })))).toEqual([
      'scoring.basePoints',
    ]);
    expect(detailFields(errorOf(await op.send('quiz:next', { quizId: '' })))).toEqual(['quizId']);

    okData(await op.send('quiz:create', valid));
    expect(errorOf(await op.send('quiz:create', valid)).code).toBe('CONFLICT');
    expect(errorOf(await answer(ana, 'z', 'k1', 'a')).code).toBe('POLL_CLOSED');
    expect(errorOf(await op.send('quiz:reveal', { quizId: 'z' })).code).toBe('CONFLICT');
    expect(errorOf(await op.send('quiz:end', { quizId: 'z' })).code).toBe('CONFLICT');
    for (const command of ['quiz:next', 'quiz:reveal', 'quiz:end'] as const) {
      expect(errorOf(await op.send(command, { quizId: 'nope' })).code).toBe('NOT_FOUND');
    }
    await quizStep(op, 'quiz:next', 'z');
    expect(errorOf(await answer(ana, 'nope', 'k1', 'a')).code).toBe('NOT_FOUND');
    expect(errorOf(await answer(ana, 'z', 'k9', 'a')).code).toBe('NOT_FOUND');
    expect(detailFields(errorOf(await answer(ana, 'z', 'k1', 'x')))).toEqual(['optionId']);
    expect(detailFields(errorOf(await ana.client.sendRaw('quiz:answer', { quizId: 'z', questionId: 'k1' })))).toEqual([
      'optionId',
    ]);
    expect(errorOf(await answer(ana, 'z', 'k2', 'a')).code).toBe('POLL_CLOSED');
    expect(errorOf(await op.send('quiz:next', { quizId: 'z' })).code).toBe('CONFLICT');
    expect(errorOf(await op.send('quiz:end', { quizId: 'z' })).code).toBe('CONFLICT');
    okData(await answer(ana, 'z', 'k1', 'b'));
    expect(errorOf(await answer(ana, 'z', 'k1', 'a')).code).toBe('CONFLICT');
    await quizStep(op, 'quiz:reveal', 'z');
    expect(await quizStep(op, 'quiz:reveal', 'z')).toMatchObject({ current: { phase: 'reveal' } });
    expect(errorOf(await answer(ana, 'z', 'k1', 'a')).code).toBe('POLL_CLOSED');
    await quizStep(op, 'quiz:next', 'z');
    await quizStep(op, 'quiz:reveal', 'z');
    expect(errorOf(await op.send('quiz:next', { quizId: 'z' })).code).toBe('CONFLICT');
    await quizStep(op, 'quiz:end', 'z');
    expect(errorOf(await op.send('quiz:next', { quizId: 'z' })).code).toBe('CONFLICT');
    expect(await store().answers(room.id, 'z')).toEqual([
      { personId: ana.audienceId, questionId: 'k1', optionId: 'b', elapsedMs: expect.any(Number) as unknown },
    ]);
  });

  it('exports one CSV row per person, equal to a recount of the stored answers', async () => {
    const room = await ctx.room();
    const people = await room.members(6, (i) => ({ name: i === 0 ? '=cmd, "x"' : `P${i}`, country: COUNTRIES[i % 2] }));
    okData(await room.op.send('quiz:create', quizPayload('z', { n: 2 })));
    for (const [i, questionId] of ['k1', 'k2'].entries()) {
      await quizStep(room.op, 'quiz:next', 'z');
      await Promise.all(
        people.map((p, n) =>
          n === 5 && i === 0 ? Promise.resolve(null) : answer(p, 'z', questionId, 'ab'[(n + i) % 2]),
        ),
      );
      await quizStep(room.op, 'quiz:reveal', 'z');
    }
    const res = await ctx.api<string>('GET', `/api/events/${room.id}/quizzes/z/results.csv`, undefined, room.opToken);
    expect(res.status).toBe(200);
    const text = res.body as string;
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('rank,id,name,country,points,correct,elapsed_ms,k1,k2');
    const { ranked } = await recounted(room.id, 'z');
    const answers = await store().answers(room.id, 'z');
    const chose = (id: string, q: string) =>
      answers.find((a) => a.personId === id && a.questionId === q)?.optionId ?? '';
    const totals = recount((await store().get(room.id, 'z'))!, answers);
    expect(lines.slice(1)).toEqual(
      ranked.map((r) => {
        const name = r.name === '=cmd, "x"' ? `"'=cmd, ""x"""` : r.name;
        return [
          r.rank,
          r.id,
          name,
          r.country,
          r.points,
          totals.get(r.id)?.correct,
          r.elapsedMs,
          chose(r.id, 'k1'),
          chose(r.id, 'k2'),
        ].join(',');
      }),
    );
    expect(lines).toHaveLength(7);
    expect(
      (await ctx.api('GET', `/api/events/${room.id}/quizzes/nope/results.csv`, undefined, room.opToken)).status,
    ).toBe(404);
  });

  it('closes a question by itself at its deadline, once: by the timer of the node that started it, or by the sweep', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    okData(await room.op.send('quiz:create', quizPayload('z', { n: 1, timeLimitMs: 5000 })));
    const started = await quizStep(room.op, 'quiz:next', 'z');
    okData(await answer(ana, 'z', 'k1', 'a'));
    const closed = await ana.client.waitFor('quiz:closed', () => true, 8000);
    expect(closed).toMatchObject({
      quizId: 'z',
      questionId: 'k1',
      quiz: { current: { closed: true, phase: 'question' } },
    });
    expect(Date.now()).toBeGreaterThan(started.current!.endsAt);
    expect(errorOf(await answer(await room.member(), 'z', 'k1', 'a')).code).toBe('POLL_CLOSED');
    await room.op.waitFor('quiz:closed');
    const r = await quizStep(room.op, 'quiz:reveal', 'z');
    expect(r.current).toMatchObject({ phase: 'reveal', closed: true });

    // A question started past its deadline without this node's timer (as if its node had died): the sweep closes it.
    okData(await room.op.send('quiz:create', quizPayload('y', { n: 1, timeLimitMs: 5000 })));
    await store().next(room.id, 'y', Date.now() - 6000);
    expect(await ana.client.waitFor('quiz:closed', (m) => m.quizId === 'y', 3000)).toMatchObject({ questionId: 'k1' });
    await drain(ana.client);
    expect(ana.client.messages('quiz:closed').map((m) => m.quizId)).toEqual(['z', 'y']);
  });
});
