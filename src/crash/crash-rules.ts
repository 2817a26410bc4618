import type { Result } from './crash.types.js';

/** The content a caller sends: the same content again is a no-op (idempotent by result id). */
export function resultContent(r: Pick<Result, 'entryId' | 'test' | 'score' | 'stars' | 'metrics'>): string {
  const metrics = r.metrics ? Object.fromEntries(Object.entries(r.metrics).sort(([a], [b]) => (a < b ? -1 : 1))) : null;
  return JSON.stringify([r.entryId, r.test, r.score, r.stars ?? null, metrics]);
}

export function sameResultContent(a: Result, b: Result): boolean {
  return resultContent(a) === resultContent(b);
}

/**
 * An amend that leaves the score where it was (stars or metrics fixed) keeps the time the score was
 * reached, so a typo fix never costs the entry a tie it held ("who reached the total first").
 */
export function amendedResult(before: Result | null, result: Result): Result {
  const sameScore =
    before?.status === 'valid' &&
    before.entryId === result.entryId &&
    before.test === result.test &&
    before.score === result.score;
  return sameScore ? { ...result, at: before.at } : result;
}

/** The best valid result of one entry in one test: highest score, the earliest on a tie. */
export function bestResult(results: Result[], entryId: string, test: string): Result | null {
  let best: Result | null = null;
  for (const r of results) {
    if (r.entryId !== entryId || r.test !== test || r.status !== 'valid') continue;
    if (!best || r.score > best.score || (r.score === best.score && r.at < best.at)) best = r;
  }
  return best;
}
