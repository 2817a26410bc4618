import type { Role } from '../auth/identity.js';

/** What a command counts once it is acked ok (`@Command(name, { figure })`): the core names no feature. */
export type CommandFigure = 'votes' | 'answers' | 'questions' | 'upvotes';
/** Every counted figure of a minute: the commands' and the joins (counted by the join itself). */
export type CountName = 'joins' | CommandFigure;
export const COUNT_NAMES: readonly CountName[] = ['joins', 'votes', 'answers', 'questions', 'upvotes'];

/** What one node adds to one minute of an event in one flush. */
export interface MinuteDelta {
  /** The minute's start, ms since the epoch (a multiple of 60,000). */
  minute: number;
  counts: Partial<Record<CountName, number>>;
  /** How much this node's peak of sockets per role rose since its last flush (peaks of nodes add up). */
  connected: Partial<Record<Role, number>>;
  /** Keyed digests of the people active (never their ids): a set per minute dedups them across nodes. */
  active: string[];
}

export const MINUTE_MS = 60_000;
export const minuteOf = (at: number): number => at - (at % MINUTE_MS);
