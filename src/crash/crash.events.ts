import type { Result } from './crash.types.js';

/** One entry's test and its best valid result now (highest score, earliest on a tie), or null. */
export interface TestBest {
  entryId: string;
  test: string;
  best: Result | null;
}

/**
 * A result was stored, amended or voided (or sent again, so that what followed it last time is
 * completed): the tests it touched (two when it moved to another test), their best results, and the
 * challenge's version they were computed from.
 */
export interface CrashResultChanged {
  eventId: string;
  version: number;
  tests: TestBest[];
}

declare module '../common/app-events.js' {
  interface AppEventMap {
    'crash.result-changed': CrashResultChanged;
  }
}
