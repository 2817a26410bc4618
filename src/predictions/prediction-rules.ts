import type { Result } from '../crash/crash.types.js';
import type { Poll } from '../polls/poll.types.js';

/** Points for each right prediction. */
export const PREDICTION_POINTS = 100;

/** The options of a prediction that the result makes right: its star count, or its score band. */
export function rightOptions(poll: Pick<Poll, 'options'>, best: Result | null): string[] {
  if (!best) return [];
  return poll.options
    .filter((o) =>
      o.stars !== undefined
        ? best.stars === o.stars
        : o.min !== undefined && o.max !== undefined && best.score >= o.min && best.score <= o.max,
    )
    .map((o) => o.id);
}
