import type { LiveEvent } from '../core/live.js';
import type { EventState } from '../core/types.js';

/** What every section of the console gets: the live client and the latest state. */
export interface Ctx {
  live: LiveEvent;
  token: string;
  eventId: string;
  state(): EventState | null;
  /** The server's clock, as well as the last snapshot tells it (countdowns end on the server's time). */
  serverNow(): number;
  /** Moves the console to one of its tabs. */
  show(tab: Tab): void;
}

export type Tab = 'polls' | 'quiz' | 'forum' | 'crash' | 'stage';

export const ITEM_ID = /^[A-Za-z0-9_-]{1,40}$/;
