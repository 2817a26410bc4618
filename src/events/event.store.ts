import type { EventInfo, Me } from './event.types.js';

export const EVENT_STORE = Symbol('EventStore');

export interface EventStore {
  /** False when an event with that id exists already. */
  create(event: EventInfo): Promise<boolean>;
  get(id: string): Promise<EventInfo | null>;
  /** Remembers who joined (name, country, KOC), for boards that show people. */
  addPerson(eventId: string, person: Me): Promise<void>;
  /** The people of these ids that joined; unknown ids are left out. */
  people(eventId: string, ids: string[]): Promise<Record<string, Me>>;
  /** Resolves when the store answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
}
