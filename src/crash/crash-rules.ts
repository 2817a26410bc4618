import type { Result } from './crash.types.js';

/** The content a caller sends: the same content again is a no-op (idempotent by result id). */
export function resultContent(r: Pick<Result, 'entryId' | 'test' | 'score' | 'stars' | 'metrics'>): string {
  const metrics = r.metrics ? Object.fromEntries(Object.entries(r.metrics).sort(([a], [b]) => (a < b ? -1 : 1))) : null;
  return JSON.stringify([r.entryId, r.test, r.score, r.stars ?? null, metrics]);
}

export function sameResultContent(a: Result, b: Result): boolean {
  return resultContent(a) === resultContent(b);
}
