import type { Role } from '../auth/identity.js';
import type { FieldError } from '../realtime/dto-validation.pipe.js';
import type { CreateQuizDto } from './dto/quiz.dto.js';
import type { CountryStanding, Quiz, QuizScoring, Standing } from './quiz.types.js';

export const STREAK_STEP = 100;
export const STREAK_MAX = 500;

/**
 * A board key in one number, lower is better: `elapsed - points * SCORE_SCALE`. With the bounds of
 * quiz-limits.ts, the sum of elapsed ms of correct answers is at most MAX_QUESTIONS * MAX_TIME_LIMIT_MS = 6e6 < SCORE_SCALE, and points at
 * most MAX_QUESTIONS * (MAX_BASE_POINTS + STREAK_MAX) = 525,000, so |score| < 5.3e12 < 2^53: exact
 * as a double (a Redis zset score), and ZRANGE gives the order with ties by id (A-Z).
 */
export const SCORE_SCALE = 10_000_000;

export function boardScore(points: number, elapsedMs: number): number {
  return elapsedMs - points * SCORE_SCALE;
}

/** The points and elapsed sum a board score holds. */
export function fromBoardScore(score: number): { points: number; elapsedMs: number } {
  const points = Math.ceil(-score / SCORE_SCALE) || 0;
  return { points, elapsedMs: score + points * SCORE_SCALE };
}

/**
 * A correct answer's points: basePoints, times 1 - elapsed/limit/2 with speed, rounded (PROTOCOL's
 * formula as written, in doubles: the reveal's Lua script does the same operations in the same
 * order, and floor(x + 0.5) equals Math.round(x) for every x >= 0.5, so both stores agree to the
 * point); plus STREAK_STEP per earlier correct answer in a row, at most STREAK_MAX.
 */
export function answerPoints(scoring: QuizScoring, limitMs: number, elapsedMs: number, streakBefore: number): number {
  const base = scoring.speed ? Math.round(scoring.basePoints * (1 - elapsedMs / limitMs / 2)) : scoring.basePoints;
  return base + (scoring.streak ? Math.min(streakBefore * STREAK_STEP, STREAK_MAX) : 0);
}

/** How many questions are revealed: all up to the current one once it is in its reveal phase. */
export function revealedCount(quiz: Pick<Quiz, 'current'>): number {
  const c = quiz.current;
  if (!c) return 0;
  return c.phase === 'reveal' ? c.index + 1 : c.index;
}

/** Drafts are the operators'; every other quiz is everyone's. */
export function canSeeQuiz(role: Role, quiz: Pick<Quiz, 'status'>): boolean {
  return role === 'operator' || quiz.status !== 'draft';
}

/**
 * The quiz as a role sees it: operators all of it; others only the questions asked so far (the next
 * ones stay a surprise), with `correct` only once revealed. `questionCount` tells how many there are.
 */
export function quizView(role: Role, quiz: Quiz): Quiz {
  if (role === 'operator') return { ...quiz, questionCount: quiz.questions.length };
  const asked = quiz.current ? quiz.current.index + 1 : 0;
  const revealed = revealedCount(quiz);
  const questions = quiz.questions.slice(0, asked).map((q, i) => {
    if (i < revealed) return q;
    const { correct: _hidden, ...rest } = q;
    return rest;
  });
  return { ...quiz, questions, questionCount: quiz.questions.length };
}

/** What the DTO decorators cannot say: unique ids, and right answers among the options. */
export function quizShapeErrors(dto: CreateQuizDto): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field, errors: [message] });
  const ids = dto.questions.map((q) => q.id);
  if (new Set(ids).size !== ids.length) fail('questions', 'question ids must be unique');
  dto.questions.forEach((q, i) => {
    const options = q.options.map((o) => o.id);
    if (new Set(options).size !== options.length) fail(`questions.${i}.options`, 'option ids must be unique');
    if (q.correct.some((c) => !options.includes(c))) fail(`questions.${i}.correct`, 'must be ids of its options');
  });
  return errors;
}

/** A person's standing before ranking. */
export interface PlayerScore {
  id: string;
  name: string | null;
  country: string | null;
  points: number;
  /** Sum of elapsed ms of their correct answers. */
  elapsedMs: number;
}

const byBoard = (a: PlayerScore, b: PlayerScore): number => b.points - a.points || a.elapsedMs - b.elapsedMs;

/** PROTOCOL section 10: points high to low, then elapsed low first, then id; equal keys share a rank. */
export function rankPlayers(players: PlayerScore[]): (Standing & { elapsedMs: number })[] {
  const sorted = [...players].sort((a, b) => byBoard(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: (Standing & { elapsedMs: number })[] = [];
  sorted.forEach((p, i) => {
    const previous = sorted[i - 1];
    const rank = previous && byBoard(previous, p) === 0 ? out[i - 1].rank : i + 1;
    out.push({ rank, id: p.id, name: p.name, country: p.country, points: p.points, elapsedMs: p.elapsedMs });
  });
  return out;
}

/** Standings as the protocol sends them (the ordering keys stay inside). */
export function standings(ranked: (Standing & { elapsedMs?: number })[]): Standing[] {
  return ranked.map(({ rank, id, name, country, points }) => ({ rank, id, name, country, points }));
}

/** Per country: the sum of its players' totals and how many players (who answered at least once). */
export interface CountryTotal {
  country: string;
  sum: number;
  people: number;
}

/**
 * Countries by the mean of their players' totals (one decimal), high to low, then by code; a
 * country with fewer than `min` players is not ranked. Equal means share a rank.
 */
export function rankCountries(totals: CountryTotal[], min: number): CountryStanding[] {
  const rows = totals
    .filter((t) => t.people >= min && t.people > 0)
    .map((t) => ({ country: t.country, points: Math.round((t.sum * 10) / t.people) / 10, people: t.people }))
    .sort((a, b) => b.points - a.points || (a.country < b.country ? -1 : 1));
  const out: CountryStanding[] = [];
  rows.forEach((r, i) => {
    const rank = i > 0 && rows[i - 1].points === r.points ? out[i - 1].rank : i + 1;
    out.push({ rank, ...r });
  });
  return out;
}

/** One stored answer. */
export interface StoredAnswer {
  personId: string;
  questionId: string;
  optionId: string;
  elapsedMs: number;
}

/** A person's totals as the store keeps them. */
export interface PlayerTotals {
  id: string;
  points: number;
  elapsedMs: number;
  correct: number;
  streak: number;
}

/**
 * The totals of every person from the stored answers alone, replaying the revealed questions in
 * order: what the store's board must always equal (tests, and a check for the CSV).
 */
export function recount(quiz: Quiz, answers: StoredAnswer[]): Map<string, PlayerTotals> {
  const revealed = quiz.questions.slice(0, revealedCount(quiz));
  const byQuestion = new Map<string, Map<string, StoredAnswer>>();
  for (const a of answers) {
    let map = byQuestion.get(a.questionId);
    if (!map) byQuestion.set(a.questionId, (map = new Map<string, StoredAnswer>()));
    map.set(a.personId, a);
  }
  const totals = new Map<string, PlayerTotals>();
  for (const q of revealed) {
    for (const id of byQuestion.get(q.id)?.keys() ?? []) {
      if (!totals.has(id)) totals.set(id, { id, points: 0, elapsedMs: 0, correct: 0, streak: 0 });
    }
    for (const t of totals.values()) {
      const a = byQuestion.get(q.id)?.get(t.id);
      if (a && (q.correct ?? []).includes(a.optionId)) {
        t.points += answerPoints(quiz.scoring, q.timeLimitMs, a.elapsedMs, t.streak);
        t.elapsedMs += a.elapsedMs;
        t.correct += 1;
        t.streak += 1;
      } else {
        t.streak = 0;
      }
    }
  }
  return totals;
}
