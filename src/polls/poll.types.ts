import type { I18nText } from '../common/i18n-text.validator.js';

export type { I18nText };

export const POLL_KINDS = ['single', 'multi', 'rating', 'wordcloud', 'ranking', 'text'] as const;
export type PollKind = (typeof POLL_KINDS)[number];
export const POLL_RESULTS = ['live', 'on-reveal', 'hidden'] as const;
export type PollResults = (typeof POLL_RESULTS)[number];
export type PollStatus = 'draft' | 'open' | 'closed';

export interface PollOption {
  id: string;
  label: I18nText;
  /** Prediction polls: the option is right when the result has this many stars... */
  stars?: number;
  /** ...or a score within min..max (inclusive). */
  min?: number;
  max?: number;
}

/** A prediction poll: the audience guesses the result of one entry in one crash test. */
export interface Predicts {
  entryId: string;
  test: string;
}

export interface Tally {
  pollId: string;
  version: number;
  total: number;
  counts: Record<string, number>;
  byCountry: Record<string, number>;
  words?: [string, number][];
  mean?: number;
  /** Ranking polls: every option, by points (high to low), then option order. */
  ranking?: RankingRow[];
  /** Text polls: the newest answers this role may see (operators all, others approved only). */
  answers?: TextAnswer[];
}

/** One option of a ranking poll's tally: an option at place i of a vote gets n - i points. */
export interface RankingRow {
  optionId: string;
  points: number;
  /** Voters who put it first. */
  firsts: number;
}

export const ANSWER_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** One open answer of a text poll. */
export interface TextAnswer {
  id: string;
  text: string;
  country: string | null;
  at: number;
  /** Added: operators see every status; the audience and screens only approved ones. */
  status: AnswerStatus;
}

export interface Poll {
  id: string;
  kind: PollKind;
  question: I18nText;
  options: PollOption[];
  maxChoices?: number;
  scale?: { min: number; max: number };
  /** Ranking polls: how many places a vote fills at most (default: every option). */
  maxRank?: number;
  /** Text polls: every answer waits for an operator (else only answers the profanity filter trips). */
  moderated?: boolean;
  status: PollStatus;
  results: PollResults;
  revealed: boolean;
  createdAt: number;
  openedAt?: number;
  closedAt?: number;
  tally?: Tally;
  predicts?: Predicts;
  /** Prediction polls, once the result is in: the right options (empty when none is right). */
  correct?: string[];
}

/** The parts of a poll fixed at creation: safe to cache on every node. */
export type PollDefinition = Pick<
  Poll,
  | 'id'
  | 'kind'
  | 'question'
  | 'options'
  | 'maxChoices'
  | 'scale'
  | 'maxRank'
  | 'moderated'
  | 'results'
  | 'createdAt'
  | 'predicts'
>;

export interface Vote {
  optionIds?: string[];
  value?: number;
  text?: string;
  /** Ranking polls: option ids, best first. */
  ranking?: string[];
}

/** A vote as the store applies it: the counters it moves, computed once by the service. */
export interface VoteEffect {
  /**
   * Counter keys: option ids (single, multi), the value (rating), the folded text (wordcloud); for
   * ranking the option ids, then `p:<id>` (points) and `f:<id>` (firsts): ids never hold a colon.
   */
  keys: string[];
  /** Ranking only: what each key adds (points are not 1 each); absent: 1 per key. */
  weights?: number[];
  /** Added to the rating sum (rating only). */
  value: number;
  country: string | null;
  vote: Vote;
  /** Text only: the voter's new answer, which replaces their earlier one (no counter keys). */
  answer?: NewAnswer;
}

/** A text answer as the service hands it to the store. */
export interface NewAnswer {
  id: string;
  text: string;
  at: number;
  /** Approved at once, or pending (a moderated poll, or the profanity filter tripped). */
  status: Exclude<AnswerStatus, 'rejected'>;
  /** The folded entry it adds to `words` while approved ('' adds none). */
  word: string;
}

export const WORDS_TOP = 50;
/** Text polls: the newest answers a tally carries. */
export const ANSWERS_TOP = 50;
/** Points key and firsts key of a ranking option in the stored counters. */
export const pointsKey = (optionId: string): string => `p:${optionId}`;
export const firstsKey = (optionId: string): string => `f:${optionId}`;
