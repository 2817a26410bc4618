import type { EventInfo, Me } from './event.types.js';

export const EVENT_STORE = Symbol('EventStore');

/** Joins of an event, counted as they happen: anonymous counters that outlive an erasure. */
export interface JoinCounts {
  joined: number;
  koc: number;
  /** ISO country code (or `unknown`) -> joins. */
  byCountry: Record<string, number>;
}

export interface EventStore {
  /** False when an event with that id exists already. */
  create(event: EventInfo): Promise<boolean>;
  get(id: string): Promise<EventInfo | null>;
  /** Remembers who joined (name, country, KOC), for boards that show people; counts the join. */
  addPerson(eventId: string, person: Me): Promise<void>;
  /** The people of these ids that joined; unknown ids are left out. */
  people(eventId: string, ids: string[]): Promise<Record<string, Me>>;
  /** Resolves when the store answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /** Sets `endedAt` once (later calls keep the first); the event as it is now, or null if none. */
  end(id: string, at: number): Promise<EventInfo | null>;
  joinCounts(eventId: string): Promise<JoinCounts>;
  /** Erases one person's record (name, country, KOC); the join counters stay. Idempotent. */
  removePerson(eventId: string, personId: string): Promise<void>;
  /**
   * After a rehearsal: people and join counters gone; the audience tokens' generation and the
   * event's seq raised (answered), in one change. Null: no such event.
   */
  reset(eventId: string): Promise<{ seq: number; generation: number } | null>;
  /** Every key of the event this store and the core's clock hold (info, people, counters, seq, versions). */
  delete(eventId: string): Promise<void>;
  /** Any key of the event still left (Redis: a SCAN of its hash tag), removed; answers their names. */
  sweep(eventId: string): Promise<string[]>;
  /** Ids of the events that ended before `cutoff` (the retention sweep). */
  endedBefore(cutoff: number): Promise<string[]>;
  /** Drops this node's copy of the event: it changed or went on another node. */
  forget(eventId: string): void;
}

/** The country a join is counted under. */
export const countryKey = (country: string | null): string => country ?? 'unknown';
