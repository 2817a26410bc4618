// What every section of the audience app gets from the app.
import type { LiveEvent } from '../core/live.js';

export interface Ctx {
  readonly live: LiveEvent;
  /** Draws the page again from the state held (after a local change such as a vote being sent). */
  refresh(): void;
  /** Server time minus this device's clock, in ms (for countdowns). */
  clockOffset(): number;
}
