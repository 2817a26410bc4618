import type { AuditEntry, Board, Entry, Result } from './crash.types.js';

export const CRASH_STORE = Symbol('CrashStore');

export interface Actor {
  id: string;
  name: string | null;
}

/** Everything the board is computed from, read at one instant. */
export interface CrashState {
  entries: Entry[];
  results: Result[];
  /** Raised by every change of entries, results or the freeze. */
  version: number;
  /** The public board kept at the freeze, while frozen. */
  frozen: Board | null;
}

export type Change = { kind: 'unchanged' } | { kind: 'changed'; seq: number; version: number };

export type ResultChange =
  | { kind: 'unchanged' }
  | { kind: 'missing' }
  | { kind: 'changed'; seq: number; version: number; before: Result | null; after: Result };

/** The crash challenge and the points of its prediction game. */
export interface CrashStore {
  /** Upsert by id; the same content again changes nothing. */
  upsertEntry(eventId: string, entry: Entry): Promise<Change>;
  /**
   * Upsert by the caller's id; the same content again changes nothing (no seq). New content amends
   * the result (and makes it valid again). `missing`: the entry does not exist. Audited.
   */
  upsertResult(eventId: string, result: Result, by: Actor): Promise<ResultChange>;
  /** Marks the result void; `missing` when there is no such result. Audited. */
  voidResult(eventId: string, resultId: string, at: number, by: Actor): Promise<ResultChange>;
  state(eventId: string): Promise<CrashState>;
  /** `CrashState.version` alone (one small read): has anything changed since a state was read? */
  version(eventId: string): Promise<number>;
  /** Keeps `board` for the public while frozen, if nothing changed since `version`; else `stale`. */
  freeze(eventId: string, board: Board, version: number): Promise<Change | { kind: 'stale' }>;
  unfreeze(eventId: string): Promise<Change>;
  /** The audit trail, oldest first, of one result or of all. */
  audit(eventId: string, resultId?: string): Promise<AuditEntry[]>;
  /**
   * Sets who won a prediction poll: points move from the earlier winners (if any) to these, so a
   * re-scored prediction never counts twice. Moves the `predictors` counter version.
   */
  award(eventId: string, pollId: string, winners: string[], points: number): Promise<void>;
  /** Top predictors, most points first (ties: id order), with the `predictors` version. */
  predictors(eventId: string, top: number): Promise<{ version: number; rows: { id: string; points: number }[] }>;
  /** One person's points and rank (1-based; people with equal points share it), or null without points. */
  standing(eventId: string, personId: string): Promise<{ points: number; rank: number } | null>;
  /**
   * Section 11: the person's points and their place among the winners of every prediction go (the
   * others' points stay as they were). Idempotent.
   */
  erasePerson(eventId: string, personId: string): Promise<void>;
  /**
   * Results, audit, freeze and the prediction game's points gone; entries kept. The board's version
   * and the `predictors` version move forward.
   */
  reset(eventId: string): Promise<void>;
  /** The challenge of the event gone, entries included. */
  deleteEvent(eventId: string): Promise<void>;
}
