import type { MinuteFigures } from '../events/report.types.js';
import type { MinuteDelta } from './figure.types.js';

export const FIGURE_STORE = Symbol('FigureStore');

/**
 * An event's figures per minute, over every node (PROTOCOL section 11). Redis: one small hash per
 * event and minute (`{ev:X}:min:<minute>`), one set of active people's digests per minute while it
 * is recent (`{ev:X}:act:<minute>`, folded into the hash's `active` later), and an index of minutes.
 */
export interface FigureStore {
  /** Adds one node's deltas (counts add up, peaks add up over nodes, active digests are a set). */
  add(eventId: string, deltas: MinuteDelta[]): Promise<void>;
  /** Every minute with any figure, oldest first. */
  timeline(eventId: string): Promise<MinuteFigures[]>;
  /**
   * Minutes that started before `before`: their set of active digests becomes a count, so that
   * no digest outlives its minute for long and an event of days keeps a few fields per minute.
   */
  fold(eventId: string, before: number): Promise<void>;
  /** Every figure of the event gone (reset, deletion). */
  clear(eventId: string): Promise<void>;
}

/** A minute with nothing in it yet. */
export function emptyMinute(minute: number): MinuteFigures {
  return {
    minute,
    connected: { audience: 0, operator: 0, screen: 0 },
    active: 0,
    joins: 0,
    votes: 0,
    answers: 0,
    questions: 0,
    upvotes: 0,
  };
}
