import type { CountryTotal, PlayerScore, PlayerTotals, StoredAnswer } from './quiz-rules.js';
import type { MyQuiz, Quiz, QuizCurrent } from './quiz.types.js';

export const QUIZ_STORE = Symbol('QuizStore');

/** A quiz without its life: what never changes after creation (cached by every node). */
export type QuizDefinition = Omit<Quiz, 'status' | 'current' | 'questionCount'>;

export function definitionOf(quiz: Quiz): QuizDefinition {
  const { id, title, scoring, questions, createdAt } = quiz;
  return { id, title, scoring, questions, createdAt };
}

/** Why a step does not apply (CONFLICT). */
export type Refusal = 'ended' | 'draft' | 'unrevealed' | 'last' | 'idle';

export type StepResult =
  | { kind: 'changed'; quiz: Quiz; seq: number }
  | { kind: 'unchanged'; quiz: Quiz }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: Refusal };

/** One person's outcome of a revealed question (`quiz:me`). */
export interface PersonResult {
  id: string;
  correct: boolean;
  points: number;
  total: number;
  streak: number;
  rank: number;
}

export type RevealResult =
  | {
      kind: 'revealed';
      quiz: Quiz;
      seq: number;
      questionId: string;
      /** Answers per option, every option present. */
      counts: Record<string, number>;
      /** Everyone who ever played this quiz. */
      results: PersonResult[];
    }
  | { kind: 'unchanged'; quiz: Quiz }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: Refusal };

export interface AnswerInput {
  quizId: string;
  questionId: string;
  optionId: string;
  personId: string;
  /** The person's name and country, kept from their first answer of the quiz. */
  name: string | null;
  country: string | null;
  /** The node's clock when the answer came (ms). */
  at: number;
}

/** elapsedMs; missing: no such quiz; closed: not running, not the running question, past endsAt or revealed. */
export type AnswerResult = { elapsedMs: number } | 'missing' | 'closed' | 'conflict';

/** The top of a quiz's boards, as stored. */
export interface StoredBoards {
  /** The best `limit` players, in board order, with their ranks. */
  leaderboard: (PlayerScore & { rank: number })[];
  countries: CountryTotal[];
}

/** A player with the name and country of their first answer, and their totals. */
export type Player = PlayerTotals & Pick<PlayerScore, 'name' | 'country'>;

export type { QuizCurrent };

/**
 * Quizzes, their answers and boards. Every step and every answer is atomic; `at` is the node's clock,
 * so the deadline is the same rule on every node and testable at its edge.
 */
export interface QuizStore {
  /** Stores a new draft and raises seq; null when the id is taken. */
  create(eventId: string, quiz: Quiz): Promise<number | null>;
  get(eventId: string, quizId: string): Promise<Quiz | null>;
  /** Newest first. */
  list(eventId: string): Promise<Quiz[]>;
  /** Starts the next question (the current one must be revealed): startsAt = at, endsAt = at + its limit. */
  next(eventId: string, quizId: string, at: number): Promise<StepResult>;
  /** Ends a running quiz whose current question, if any, is revealed. */
  end(eventId: string, quizId: string): Promise<StepResult>;
  /** One final answer per person and question, accepted up to endsAt included. */
  answer(eventId: string, input: AnswerInput): Promise<AnswerResult>;
  /** Closes the running question once `at` is past its endsAt; only the first caller gets its seq. */
  close(eventId: string, quizId: string, at: number): Promise<{ seq: number; questionId: string } | null>;
  /** Quizzes whose running question is past its deadline at `at` and not closed yet. */
  due(eventId: string, at: number): Promise<string[]>;
  /** Closes the running question if open and scores all its answers in one step; once. */
  reveal(eventId: string, quizId: string): Promise<RevealResult>;
  /** Answers so far to the question, and the counter's version. */
  answered(eventId: string, quizId: string, questionId: string): Promise<{ answered: number; version: number }>;
  boards(eventId: string, quizId: string, limit: number): Promise<StoredBoards>;
  /** The person's answers to the given questions, total, rank and streak; null if they never played. */
  mine(eventId: string, quizId: string, questionIds: string[], personId: string): Promise<MyQuiz | null>;
  /** Every stored answer of the quiz (CSV, recount). */
  answers(eventId: string, quizId: string): Promise<StoredAnswer[]>;
  /** Everyone scored so far, with their totals. */
  players(eventId: string, quizId: string): Promise<Player[]>;
  /**
   * Section 11: the person's answers, name, country, totals and board place go in every quiz; the
   * countries' sums and counts stay (anonymous counters, as poll tallies). Raises seq when a board
   * changed (snapshots are read again). Idempotent.
   */
  erasePerson(eventId: string, personId: string): Promise<void>;
  /** Every answer, player and board gone; quizzes back to drafts (current null); versions move on. */
  reset(eventId: string): Promise<void>;
  /** Every quiz of the event gone. */
  deleteEvent(eventId: string): Promise<void>;
}

/** The quiz's hash fields beside the definition; shared by both stores so they build quizzes alike. */
export function assembleQuiz(def: QuizDefinition, fields: Record<string, string | undefined>): Quiz {
  const index = Number(fields.index ?? -1);
  const current: QuizCurrent | null =
    index < 0
      ? null
      : {
          index,
          phase: fields.phase === 'reveal' ? 'reveal' : 'question',
          startsAt: Number(fields.startsAt),
          endsAt: Number(fields.endsAt),
          closed: fields.closed === '1',
        };
  return { ...def, status: (fields.status ?? 'draft') as Quiz['status'], current };
}
