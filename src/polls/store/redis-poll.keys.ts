import { evKey } from '../../redis/keys.js';
import type { Vote, VoteEffect } from '../poll.types.js';

// Shared by the poll store and its text answers (redis-answers.ts).
export const pollsKey = (e: string): string => evKey(e, 'polls');
export const pollKey = (e: string, p: string): string => evKey(e, 'poll', p);
export const partKey = (e: string, p: string, part: string): string => evKey(e, 'poll', p, part);

/** A vote waiting for its turn's batch. */
export interface CastVote {
  eventId: string;
  pollId: string;
  voterId: string;
  effect: VoteEffect;
}

/** A voter's vote as stored in :votes: what undoes it when the voter votes again. */
export interface StoredVote {
  k: string[];
  v: number;
  c: string;
  o: Vote;
  /** Ranking: each key's weight. */
  w?: number[];
  /** Text: the answer's id. */
  a?: string;
}

export function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

export function numbers(raw: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) if (Number(v) !== 0) out[k] = Number(v);
  return out;
}

/** ZRANGE WITHSCORES of a words zset (scores are negated counts), at most `limit` words. */
export function wordPairsOf(flat: string[], limit: number): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length && out.length < limit; i += 2) out.push([flat[i], -Number(flat[i + 1])]);
  return out;
}
