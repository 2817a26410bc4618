import { EVENT, unitContext, type UnitContext } from '../../test/support/unit.js';
import { quiz, T0 } from '../../test/stores/event-data-fixtures.js';
import { EventData } from '../events/event-data.js';
import { QuizData } from './quiz-data.js';
import { MemoryQuizStore } from './store/memory-quiz.store.js';

describe('QuizData (section 11)', () => {
  let ctx: UnitContext;
  let store: MemoryQuizStore;
  let data: QuizData;

  const answer = (personId: string, questionId: string, optionId: string, country: string): Promise<unknown> =>
    store.answer(EVENT, {
      quizId: 'z1',
      questionId,
      optionId,
      personId,
      name: personId.toUpperCase(),
      country,
      at: T0 + 1,
    });

  beforeEach(async () => {
    ctx = await unitContext({ QUIZ_COUNTRY_MIN: '1' });
    store = new MemoryQuizStore(ctx.clock);
    data = new QuizData(store, ctx.config, new EventData());
    await store.create(EVENT, quiz('z1'));
    await store.create(EVENT, quiz('z2'));
    await store.next(EVENT, 'z1', T0);
    await answer('ana', 'k1', 'a', 'DE');
    await answer('ben', 'k1', 'b', 'FR');
    await store.reveal(EVENT, 'z1');
  });
  afterEach(() => ctx.close());

  it('reports each quiz, oldest first, with its players and whole boards; a CSV per quiz', async () => {
    const { quizzes } = await data.report(EVENT);
    expect(quizzes.map((q) => [q.quiz.id, q.quiz.status, q.players])).toEqual([
      ['z1', 'running', 2],
      ['z2', 'draft', 0],
    ]);
    expect(quizzes[0]?.leaderboard.map((s) => [s.rank, s.id, s.name, s.points])).toEqual([
      [1, 'ana', 'ANA', 1000],
      [2, 'ben', 'BEN', 0],
    ]);
    expect(quizzes[0]?.countries.map((c) => [c.rank, c.country])).toEqual([
      [1, 'DE'],
      [2, 'FR'],
    ]);
    expect((await data.csv(EVENT)).map((f) => f.name)).toEqual(['quiz-z1.csv', 'quiz-z2.csv']);
  });

  it("exports a person's play; erasure takes them off the boards, the countries' counters stay", async () => {
    expect(await data.exportPerson(EVENT, 'ana')).toEqual({
      quizzes: [
        {
          quizId: 'z1',
          title: { en: 'Quiz z1' },
          name: 'ANA',
          country: 'DE',
          answers: { k1: 'a' },
          total: 1000,
          rank: 1,
          streak: 1,
        },
      ],
    });
    await data.erasePerson(EVENT, 'ana');
    expect(await data.exportPerson(EVENT, 'ana')).toBeNull();
    const [z1] = (await data.report(EVENT)).quizzes;
    expect([z1?.players, z1?.leaderboard.map((s) => [s.rank, s.id])]).toEqual([1, [[1, 'ben']]]);
    expect(z1?.countries.map((c) => [c.country, c.points, c.people])).toEqual([
      ['DE', 1000, 1],
      ['FR', 0, 1],
    ]);
    expect(await data.csv(EVENT).then((f) => f[0]?.content)).not.toContain('ana');
  });

  it('resets quizzes to drafts without play', async () => {
    await data.reset(EVENT);
    const { quizzes } = await data.report(EVENT);
    expect(quizzes.map((q) => [q.quiz.status, q.quiz.current, q.players, q.leaderboard])).toEqual([
      ['draft', null, 0, []],
      ['draft', null, 0, []],
    ]);
  });
});
