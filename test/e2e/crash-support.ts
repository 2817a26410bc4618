import type { Client } from '../support/app.js';
import type {
  Board,
  BroadcastPayload,
  CommandPayload,
  Entry,
  EventState,
  Result,
  Sequenced,
} from '../support/protocol.js';
import { okData, sequenced } from './helpers.js';

export function entry(id: string, over: Partial<Entry> = {}): Entry {
  return { id, name: `Car ${id}`, brand: `Brand ${id}`, ...over };
}

/** Adds entries as the operator, checking each ack. */
export async function addEntries(op: Client, ...entries: Entry[]): Promise<void> {
  for (const e of entries) expect(okData(await op.send('crash:entry', e))).toEqual(e);
}

export async function sendResult(op: Client, payload: CommandPayload<'crash:result'>): Promise<Result> {
  return okData(await op.send('crash:result', payload));
}

export async function crashSync(client: Client): Promise<EventState> {
  return okData(await client.send('state:sync', {}));
}

const SEQ_EVENTS: Sequenced['event'][] = ['state', 'state:seq', 'poll:updated', 'crash:board'];

/** Every seq this client saw (its first state, then every change), in order. */
export function seqs(client: Client): number[] {
  return sequenced(client, SEQ_EVENTS).map((m) => m.payload.seq);
}

export function expectGaplessSeq(client: Client): void {
  const trail = seqs(client);
  expect(trail).toEqual(trail.map((_, i) => (trail[0] ?? 0) + i));
}

export function boards(client: Client): BroadcastPayload<'crash:board'>[] {
  return client.messages('crash:board');
}

/** Waits for the crash:board that carries this seq. */
export function boardAt(client: Client, seq: number): Promise<BroadcastPayload<'crash:board'>> {
  return client.waitFor('crash:board', (m) => m.seq === seq);
}

/** Board rows as [entryId, rank, total]. */
export function ranking(board: Board): [string, number, number][] {
  return board.rows.map((r) => [r.entryId, r.rank, r.total]);
}
