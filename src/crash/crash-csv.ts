import { csvCell } from '../common/csv.js';
import type { Board, PredictorRow, Result } from './crash.types.js';

type Row = (string | number)[];

function csv(rows: Row[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Every row of the board: rank, entry, total, 5-star tests, then the best score in each test (empty: none). */
export function boardCsv(board: Board): string {
  const rows: Row[] = [['rank', 'entry_id', 'name', 'brand', 'total', 'stars', ...board.tests]];
  for (const r of board.rows) {
    rows.push([r.rank, r.entryId, r.name, r.brand, r.total, r.stars, ...board.tests.map((t) => r.scores[t] ?? '')]);
  }
  return csv(rows);
}

/** Every result as stored, void ones included, oldest first; metrics as name=value pairs. */
export function resultsCsv(results: Result[]): string {
  const rows: Row[] = [['id', 'entry_id', 'test', 'score', 'stars', 'status', 'at', 'metrics']];
  for (const r of [...results].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))) {
    const metrics = Object.entries(r.metrics ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(';');
    rows.push([r.id, r.entryId, r.test, r.score, r.stars ?? '', r.status, new Date(r.at).toISOString(), metrics]);
  }
  return csv(rows);
}

/** The prediction game's board: every person with points. */
export function predictorsCsv(rows: PredictorRow[]): string {
  return csv([
    ['rank', 'id', 'name', 'country', 'points'],
    ...rows.map((r) => [r.rank, r.id, r.name ?? '', r.country ?? '', r.points]),
  ]);
}
