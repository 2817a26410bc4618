import type { Client } from '../support/app.js';
import { okData, type ErrorBody, type Poll, type State } from './helpers.js';

// The crash challenge's shapes (PROTOCOL.md section 6 and docs/protocol.md), as a client declares them.
export interface Entry {
  id: string;
  name: string;
  brand: string;
  model?: string;
  country?: string;
}

export interface Result {
  id: string;
  entryId: string;
  test: string;
  score: number;
  stars?: number;
  metrics?: Record<string, number>;
  status: 'valid' | 'void';
  at: number;
}

export interface BoardRow {
  rank: number;
  entryId: string;
  name: string;
  brand: string;
  total: number;
  stars: number;
  scores: Record<string, number>;
}

export interface Board {
  version: number;
  frozen: boolean;
  tests: string[];
  rows: BoardRow[];
}

export interface AuditEntry {
  at: number;
  by: { id: string; name: string | null };
  action: 'create' | 'amend' | 'void';
  resultId: string;
  before: Result | null;
  after: Result;
}

export interface PredictorRow {
  rank: number;
  id: string;
  name: string | null;
  country: string | null;
  points: number;
}

export interface Predictors {
  version: number;
  rows: PredictorRow[];
}

export interface BoardMessage {
  seq: number;
  board: Board;
}

export type Standing = { points: number; rank: number | null };

export type CrashState = Omit<State, 'board' | 'me' | 'polls'> & {
  board: Board;
  predictors: PredictorRow[];
  polls: PredictionPoll[];
  me: {
    id: string;
    name: string | null;
    country: string | null;
    koc: boolean;
    points: number;
    rank: number | null;
  } | null;
};

export type PredictionPoll = Poll & {
  options: { id: string; label: Record<string, string>; stars?: number; min?: number; max?: number }[];
  predicts?: { entryId: string; test: string };
  correct?: string[];
};

export type Reply<T> = T | { ok: false; error: ErrorBody };

export function entry(id: string, over: Partial<Entry> = {}): Entry {
  return { id, name: `Car ${id}`, brand: `Brand ${id}`, ...over };
}

/** Adds entries as the operator, checking each ack. */
export async function addEntries(op: Client, ...entries: Entry[]): Promise<void> {
  for (const e of entries) expect(okData(await op.send<Entry>('crash:entry', e))).toEqual(e);
}

export async function sendResult(op: Client, payload: Record<string, unknown>): Promise<Result> {
  return okData(await op.send<Result>('crash:result', payload));
}

export async function crashSync(client: Client): Promise<CrashState> {
  return okData(await client.send<CrashState>('state:sync', {}));
}

const SEQ_EVENTS = new Set(['state', 'state:seq', 'poll:updated', 'crash:board']);

/** Every seq this client saw (its first state, then every change), in order. */
export function seqs(client: Client): number[] {
  return client.received.filter((m) => SEQ_EVENTS.has(m.event)).map((m) => (m.payload as { seq: number }).seq);
}

export function expectGaplessSeq(client: Client): void {
  const trail = seqs(client);
  expect(trail).toEqual(trail.map((_, i) => (trail[0] ?? 0) + i));
}

export function boards(client: Client): BoardMessage[] {
  return client.messages<BoardMessage>('crash:board');
}

/** Waits for the crash:board that carries this seq. */
export function boardAt(client: Client, seq: number): Promise<BoardMessage> {
  return client.waitFor<BoardMessage>('crash:board', (m) => m.seq === seq);
}

/** Board rows as [entryId, rank, total]. */
export function ranking(board: Board): [string, number, number][] {
  return board.rows.map((r) => [r.entryId, r.rank, r.total]);
}
