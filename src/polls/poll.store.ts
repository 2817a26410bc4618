import type { AnswerStatus, Poll, PollDefinition, TextAnswer, Vote, VoteEffect } from './poll.types.js';

export const POLL_STORE = Symbol('PollStore');

export type PollChange = 'open' | 'close' | 'reveal';

export type ChangeResult =
  | { kind: 'changed'; poll: Poll; seq: number }
  | { kind: 'unchanged'; poll: Poll }
  | { kind: 'missing' }
  /** The change does not apply to a draft (close, reveal). */
  | { kind: 'draft' };

export type VoteResult = 'ok' | 'missing' | 'closed';

/** Counters as stored; `tally.ts` turns them into the protocol's Tally. */
export interface RawTally {
  version: number;
  total: number;
  counts: Record<string, number>;
  byCountry: Record<string, number>;
  /** Word cloud: most frequent first, at most the limit asked for. */
  words: [string, number][];
  /** Sum of rating values. */
  sum: number;
  revealed: boolean;
  /** Text polls only: the newest answers of every status, at most the limit asked for... */
  answers?: TextAnswer[];
  /** ...and the newest approved ones, read at the same instant. */
  approved?: TextAnswer[];
}

/** Polls (tally-less) and their votes. Every change and every vote is atomic. */
export interface PollStore {
  /** Stores a new draft and raises seq; null when the id is taken. */
  create(eventId: string, poll: Poll): Promise<number | null>;
  get(eventId: string, pollId: string): Promise<Poll | null>;
  /** Newest first. */
  list(eventId: string): Promise<Poll[]>;
  /** The ids of `list`, in its order, without reading the polls. */
  ids(eventId: string): Promise<string[]>;
  /** open: draft or closed -> open; close: open -> closed; reveal: sets revealed. Raises seq when it changes. */
  change(eventId: string, pollId: string, change: PollChange, at: number): Promise<ChangeResult>;
  /** One vote per voter: replaces the voter's earlier one, moves the counters and the version. */
  vote(eventId: string, pollId: string, voterId: string, effect: VoteEffect): Promise<VoteResult>;
  /** Counters read atomically with their version; the limit caps words and each list of answers. */
  tally(eventId: string, poll: PollDefinition, wordsLimit: number): Promise<RawTally>;
  /**
   * Text polls: sets an answer's status (whatever the poll's status), moving `words` and the
   * version when it changes; null when the answer is unknown (replaced answers are gone).
   */
  moderate(eventId: string, pollId: string, answerId: string, status: AnswerStatus): Promise<TextAnswer | null>;
  /** Sets a prediction's right options, closing it if open; raises seq when anything changed. */
  settle(eventId: string, pollId: string, correct: string[], at: number): Promise<ChangeResult>;
  /** Every voter of the poll with the counter keys of their vote (option ids for choice polls). */
  voters(eventId: string, pollId: string): Promise<Record<string, string[]>>;
  /** The voter's votes among the given polls. */
  votesOf(eventId: string, voterId: string, pollIds: string[]): Promise<Record<string, Vote>>;
  /**
   * Section 11: drops the voter's votes in every poll but keeps the counters they moved (tallies,
   * byCountry, words, and `total` through a count of erased voters); their text answers stay as
   * text, without country. Idempotent.
   */
  erasePerson(eventId: string, voterId: string): Promise<void>;
  /** Every vote and answer gone; polls back to drafts (not revealed, no result); versions move on. */
  reset(eventId: string): Promise<void>;
  /** Every poll of the event and its votes gone. */
  deleteEvent(eventId: string): Promise<void>;
}

/** Poll hash fields beside the definition; shared by both stores so they build polls alike. */
export function assemblePoll(def: PollDefinition, fields: Record<string, string | undefined>): Poll {
  const poll: Poll = {
    ...def,
    status: (fields.status ?? 'draft') as Poll['status'],
    revealed: fields.revealed === '1',
  };
  if (fields.openedAt) poll.openedAt = Number(fields.openedAt);
  if (fields.closedAt) poll.closedAt = Number(fields.closedAt);
  if (fields.correct) poll.correct = JSON.parse(fields.correct) as string[];
  return poll;
}

export function definitionOf(poll: Poll): PollDefinition {
  const { id, kind, question, options, maxChoices, scale, maxRank, moderated, results, createdAt, predicts } = poll;
  const def: PollDefinition = { id, kind, question, options, results, createdAt };
  if (maxChoices !== undefined) def.maxChoices = maxChoices;
  if (maxRank !== undefined) def.maxRank = maxRank;
  if (moderated !== undefined) def.moderated = moderated;
  if (scale !== undefined) def.scale = scale;
  if (predicts !== undefined) def.predicts = predicts;
  return def;
}
