import type { Result } from '../../src/crash/crash.types.js';

/** A valid crash result for unit tests: entry, test, score and time, plus whatever `over` says. */
export const res = (
  id: string,
  entryId: string,
  test: string,
  score: number,
  at: number,
  over: Partial<Result> = {},
): Result => ({
  id,
  entryId,
  test,
  score,
  status: 'valid',
  at,
  ...over,
});
