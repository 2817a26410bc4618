import {
  answerPoints,
  boardScore,
  fromBoardScore,
  quizView,
  rankCountries,
  rankPlayers,
  recount,
  SCORE_SCALE,
  type PlayerScore,
} from './quiz-rules.js';
import { MAX_BASE_POINTS, MAX_QUESTIONS, MAX_TIME_LIMIT_MS } from './quiz-limits.js';
import type { Quiz } from './quiz.types.js';

const scoring = (speed: boolean, streak: boolean) => ({ basePoints: 1000, speed, streak });

function quiz(current: Quiz['current'], n = 3): Quiz {
  return {
    id: 'z',
    title: { en: 'Z' },
    status: 'running',
    scoring: scoring(true, true),
    questions: Array.from({ length: n }, (_, i) => ({
      id: `k${i + 1}`,
      text: { en: `Q${i + 1}` },
      options: [
        { id: 'a', label: { en: 'A' } },
        { id: 'b', label: { en: 'B' } },
      ],
      timeLimitMs: 10_000,
      correct: ['a'],
    })),
    current,
    createdAt: 1,
  };
}

const player = (id: string, points: number, elapsedMs: number, country: string | null = null): PlayerScore => ({
  id,
  name: id.toUpperCase(),
  country,
  points,
  elapsedMs,
});

describe('answerPoints', () => {
  it('scales by speed from basePoints at once to half at the deadline, rounded half up', () => {
    expect(answerPoints(scoring(true, false), 10_000, 0, 0)).toBe(1000);
    expect(answerPoints(scoring(true, false), 10_000, 10_000, 0)).toBe(500);
    expect(answerPoints(scoring(true, false), 10_000, 5_000, 0)).toBe(750);
    // 1000 * (1 - 1/20000/2) = 999.975 -> 1000; 1000 * (1 - 10/20000) = 999.5 -> 1000 (half up)
    expect(answerPoints(scoring(true, false), 10_000, 1, 0)).toBe(1000);
    expect(answerPoints(scoring(true, false), 10_000, 10, 0)).toBe(1000);
    expect(answerPoints(scoring(true, false), 10_000, 11, 0)).toBe(999);
    expect(answerPoints({ basePoints: 1, speed: true, streak: false }, 10_000, 10_000, 0)).toBe(1);
    // PROTOCOL's formula in doubles: 1000 * (1 - 2570 / 10000 / 2) is 871.4999999999999, so 871.
    expect(answerPoints(scoring(true, false), 10_000, 2570, 0)).toBe(871);
  });

  it('ignores time without speed, and adds 100 per earlier correct answer in a row, at most 500, with streak', () => {
    expect(answerPoints(scoring(false, false), 10_000, 9_999, 7)).toBe(1000);
    expect(answerPoints(scoring(false, true), 10_000, 9_999, 0)).toBe(1000);
    expect(answerPoints(scoring(false, true), 10_000, 9_999, 1)).toBe(1100);
    expect(answerPoints(scoring(false, true), 10_000, 9_999, 5)).toBe(1500);
    expect(answerPoints(scoring(false, true), 10_000, 9_999, 9)).toBe(1500);
    expect(answerPoints(scoring(true, true), 10_000, 5_000, 2)).toBe(950);
  });
});

describe('board score', () => {
  it('orders by points, then elapsed, and holds both exactly up to the bounds', () => {
    expect(boardScore(10, 5)).toBeLessThan(boardScore(9, 0));
    expect(boardScore(10, 5)).toBeLessThan(boardScore(10, 6));
    const maxPoints = MAX_QUESTIONS * (MAX_BASE_POINTS + 500);
    const maxElapsed = MAX_QUESTIONS * MAX_TIME_LIMIT_MS;
    expect(maxElapsed).toBeLessThan(SCORE_SCALE);
    expect(Math.abs(boardScore(maxPoints, maxElapsed))).toBeLessThan(Number.MAX_SAFE_INTEGER);
    for (const [p, e] of [
      [0, 0],
      [0, 17],
      [1, 0],
      [maxPoints, maxElapsed],
      [maxPoints, 0],
      [12_345, 67_890],
    ]) {
      expect(fromBoardScore(boardScore(p, e))).toEqual({ points: p, elapsedMs: e });
    }
  });
});

describe('rankPlayers', () => {
  it('ranks by points, then elapsed; equal keys share a rank and list by id', () => {
    const ranked = rankPlayers([
      player('d', 500, 10),
      player('c', 900, 300),
      player('b', 900, 200),
      player('a', 900, 300),
      player('e', 0, 0),
    ]);
    expect(ranked.map((s) => `${s.rank}:${s.id}`)).toEqual(['1:b', '2:a', '2:c', '4:d', '5:e']);
    expect(ranked[0]).toEqual({ rank: 1, id: 'b', name: 'B', country: null, points: 900, elapsedMs: 200 });
  });
});

describe('rankCountries', () => {
  it('ranks by the mean of players (one decimal), leaves out countries under the minimum, shares ranks', () => {
    const ranked = rankCountries(
      [
        { country: 'ES', sum: 3000, people: 3 },
        { country: 'FR', sum: 4000, people: 4 },
        { country: 'DE', sum: 1000, people: 3 },
        { country: 'IT', sum: 9000, people: 2 },
      ],
      3,
    );
    expect(ranked).toEqual([
      { rank: 1, country: 'ES', points: 1000, people: 3 },
      { rank: 1, country: 'FR', points: 1000, people: 4 },
      { rank: 3, country: 'DE', points: 333.3, people: 3 },
    ]);
    expect(rankCountries([{ country: 'IT', sum: 9000, people: 2 }], 1)).toEqual([
      { rank: 1, country: 'IT', points: 4500, people: 2 },
    ]);
  });
});

describe('quizView', () => {
  it('shows operators everything; others the questions asked so far, correct only once revealed', () => {
    const running = quiz({ index: 1, phase: 'question', startsAt: 1, endsAt: 2, closed: false });
    expect(quizView('operator', running).questions).toHaveLength(3);
    const audience = quizView('audience', running);
    expect(audience.questionCount).toBe(3);
    expect(audience.questions.map((q) => [q.id, q.correct])).toEqual([
      ['k1', ['a']],
      ['k2', undefined],
    ]);
    expect(audience.questions[1]).not.toHaveProperty('correct');
    const revealed = quizView('screen', { ...running, current: { ...running.current!, phase: 'reveal' } });
    expect(revealed.questions.map((q) => q.correct)).toEqual([['a'], ['a']]);
    expect(quizView('audience', { ...running, status: 'draft', current: null }).questions).toEqual([]);
  });
});

describe('recount', () => {
  it('replays the revealed questions: streaks broken by a wrong or missing answer, the running one not counted', () => {
    const q = quiz({ index: 2, phase: 'question', startsAt: 1, endsAt: 2, closed: false });
    const answers = [
      { personId: 'p1', questionId: 'k1', optionId: 'a', elapsedMs: 0 },
      { personId: 'p1', questionId: 'k2', optionId: 'a', elapsedMs: 10_000 },
      { personId: 'p1', questionId: 'k3', optionId: 'a', elapsedMs: 0 },
      { personId: 'p2', questionId: 'k2', optionId: 'a', elapsedMs: 5_000 },
      { personId: 'p3', questionId: 'k1', optionId: 'b', elapsedMs: 1 },
      { personId: 'p4', questionId: 'k3', optionId: 'a', elapsedMs: 1 },
    ];
    const totals = recount(q, answers);
    expect([...totals.keys()].sort()).toEqual(['p1', 'p2', 'p3']);
    expect(totals.get('p1')).toEqual({ id: 'p1', points: 1000 + 600, elapsedMs: 10_000, correct: 2, streak: 2 });
    expect(totals.get('p2')).toEqual({ id: 'p2', points: 750, elapsedMs: 5_000, correct: 1, streak: 1 });
    expect(totals.get('p3')).toEqual({ id: 'p3', points: 0, elapsedMs: 0, correct: 0, streak: 0 });
  });
});
