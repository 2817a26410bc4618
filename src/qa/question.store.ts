import type { QuestionStatus, StoredQuestion } from './question.types.js';

export const QUESTION_STORE = Symbol('QuestionStore');

/** The fields a moderation action may set; `answer: null` removes the answer. */
export interface QuestionPatch {
  status?: QuestionStatus;
  featured?: boolean;
  answer?: string | null;
}

export type UpdateResult =
  | { kind: 'changed'; question: StoredQuestion; seq: number }
  | { kind: 'missing' }
  /** The question changed since it was read (another operator): read again. */
  | { kind: 'stale' };

export type UpvoteResult =
  | { kind: 'ok'; upvotes: number }
  | { kind: 'missing' }
  /** The voter is over their limit: nothing changed. */
  | { kind: 'limited'; retryAfterMs: number };

/**
 * At most `points` upvotes and unvotes per voter in a window of `windowMs` (from their first),
 * counted before anything else, refused or not. In the store, so that an upvote on Redis is one
 * round trip and the limit holds across nodes.
 */
export interface UpvoteLimit {
  points: number;
  windowMs: number;
}

export type MergeResult =
  | { kind: 'merged'; kept: StoredQuestion; merged: StoredQuestion; seq: number }
  | { kind: 'missing' }
  | { kind: 'stale' };

/**
 * The KOC forum. Upvote counts always equal the size of the question's voter set: upvote, unvote
 * and merge each change both at once. Only public questions (approved, answered, not merged) take
 * upvotes and are in the ranking.
 */
export interface QuestionStore {
  /** Stores a new question and raises seq. */
  ask(eventId: string, question: StoredQuestion): Promise<number>;
  get(eventId: string, id: string): Promise<StoredQuestion | null>;
  list(eventId: string): Promise<StoredQuestion[]>;
  /** Applies the patch if the question is still at `rev`; raises its rev and the event's seq. */
  update(eventId: string, id: string, rev: number, patch: QuestionPatch): Promise<UpdateResult>;
  /** Idempotent: a second upvote by the same voter changes nothing. Moves the `qa` counter version when it counts. */
  upvote(eventId: string, id: string, voterId: string, limit: UpvoteLimit): Promise<UpvoteResult>;
  unvote(eventId: string, id: string, voterId: string, limit: UpvoteLimit): Promise<UpvoteResult>;
  /** Pools the voters of `id` into `intoId` (each counted once) and marks `id` merged; raises seq by 2. */
  merge(eventId: string, id: string, intoId: string, revs: [number, number]): Promise<MergeResult>;
  /** The question ids this voter upvotes. */
  upvotedBy(eventId: string, voterId: string): Promise<string[]>;
  /** Upvotes of the public questions, most first (at most `limit`), with the `qa` counter version. */
  upvoteCounts(eventId: string, limit: number): Promise<{ version: number; counts: Record<string, number> }>;
  /** The event's moderation setting, or null when never set (the event's default applies). */
  moderation(eventId: string): Promise<boolean | null>;
  /** Sets it and raises seq. */
  setModeration(eventId: string, on: boolean): Promise<number>;
  /**
   * Section 11: the person's questions stay without author (no name, country or author id; the KOC
   * flag stays), and in every voter set they upvote they are replaced by `standIn`, an id of no one
   * (one per erasure, so merges still count each voter once): every upvote count stays. Raises seq
   * and the `qa` version when a question changed (snapshots are read again). Idempotent.
   */
  erasePerson(eventId: string, personId: string, standIn: string): Promise<void>;
  /** Every question and upvote gone; the settings stay; the `qa` version moves on. */
  reset(eventId: string): Promise<void>;
  /** The forum of the event gone, settings included. */
  deleteEvent(eventId: string): Promise<void>;
}
