import type { I18nText } from '../common/i18n-text.validator.js';

export const QUIZ_STATUSES = ['draft', 'running', 'ended'] as const;
export type QuizStatus = (typeof QUIZ_STATUSES)[number];

export interface QuizScoring {
  /** Points of a correct answer before speed and streak (default 1000). */
  basePoints: number;
  /** Faster correct answers score more (default true; off is the accessible choice). */
  speed: boolean;
  /** 100 more per earlier correct answer in a row, at most 500 (default true). */
  streak: boolean;
}

export interface QuizOption {
  id: string;
  label: I18nText;
}

export interface QuizQuestion {
  id: string;
  text: I18nText;
  options: QuizOption[];
  /** 5000..120000. */
  timeLimitMs: number;
  /** The right option ids: operators always; others once the question is revealed. */
  correct?: string[];
}

export interface QuizCurrent {
  index: number;
  phase: 'question' | 'reveal';
  startsAt: number;
  endsAt: number;
  /** Added: the question stopped taking answers (at endsAt, or at the reveal). */
  closed: boolean;
}

export interface Quiz {
  id: string;
  title: I18nText;
  status: QuizStatus;
  scoring: QuizScoring;
  questions: QuizQuestion[];
  current: QuizCurrent | null;
  createdAt: number;
  /** Added: how many questions the quiz has (the audience and screens get only those asked so far). */
  questionCount?: number;
}

/** A person on the leaderboard. */
export interface Standing {
  rank: number;
  id: string;
  name: string | null;
  country: string | null;
  points: number;
}

/** A country on the leaderboard: points are the mean of its people's totals. */
export interface CountryStanding {
  rank: number;
  country: string;
  points: number;
  people: number;
}

/** `quiz:me`: one person's result of one revealed question. */
export interface QuizMe {
  quizId: string;
  questionId: string;
  correct: boolean;
  points: number;
  total: number;
  rank: number | null;
  streak: number;
}

/** The snapshot's `myQuiz[quizId]`. */
export interface MyQuiz {
  /** questionId -> optionId. */
  answers: Record<string, string>;
  total: number;
  rank: number | null;
  streak: number;
}

export interface QuizAnswerAck {
  questionId: string;
  optionId: string;
  elapsedMs: number;
}
