import type { AckFn } from '../realtime/protocol.js';
import type { AuditEntry, Board, Entry, PredictorRow, Result } from './crash.types.js';

/** The safety crash challenge (PROTOCOL section 6): commands. */
export interface CrashCommands {
  'crash:entry': (payload: Entry, ack: AckFn<Entry>) => void;
  'crash:result': (payload: Omit<Result, 'status' | 'at'>, ack: AckFn<Result>) => void;
  'crash:void': (payload: { resultId: string }, ack: AckFn<Result>) => void;
  'crash:freeze': (payload: { frozen: boolean }, ack: AckFn<Board>) => void;
  /** Added (operators): the audit trail of one result or all. */
  'crash:audit': (payload: { resultId?: string }, ack: AckFn<AuditEntry[]>) => void;
  /** Added (audience): my points and rank in the prediction game. */
  'crash:standing': (payload: unknown, ack: AckFn<{ points: number; rank: number | null }>) => void;
}

export interface CrashBroadcasts {
  'crash:board': (payload: { seq: number; board: Board }) => void;
  /** Added: the prediction game's top predictors, on the ticker when points moved. */
  'crash:predictors': (payload: { version: number; rows: PredictorRow[] }) => void;
}

/** The crash challenge's part of the snapshot. */
export interface CrashPart {
  /** Operators: every row; audience and screens: the top BOARD_TOP_N (frozen while frozen). */
  board: Board;
  /** Added: the prediction game's top predictors. */
  predictors: PredictorRow[];
}

/** The crash challenge's part of the event's report (PROTOCOL section 11). */
export interface CrashReport {
  /** Every row, as operators see it (unfrozen: the current one). */
  board: Board;
  /** Every predictor with points, ranked. */
  predictors: PredictorRow[];
}
