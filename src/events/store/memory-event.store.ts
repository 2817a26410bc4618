import { MemoryEventClock } from '../../realtime/event-clock.js';
import { countryKey, type EventStore, type JoinCounts } from '../event.store.js';
import type { EventInfo, Me } from '../event.types.js';

/** The caller's own copy (an explicit copy: structuredClone was a join's largest store cost). */
export function copyEvent(event: EventInfo): EventInfo {
  return { ...event, inviteCodes: [...event.inviteCodes] };
}

const noJoins = (): JoinCounts => ({ joined: 0, koc: 0, byCountry: {} });

export class MemoryEventStore implements EventStore {
  private readonly events = new Map<string, EventInfo>();
  private readonly persons = new Map<string, Map<string, Me>>();
  private readonly joins = new Map<string, JoinCounts>();

  /** The clock whose seq a reset raises (the node's own, shared with the other in-memory stores). */
  constructor(private readonly clock = new MemoryEventClock()) {}

  create(event: EventInfo): Promise<boolean> {
    if (this.events.has(event.id)) return Promise.resolve(false);
    this.events.set(event.id, copyEvent(event));
    return Promise.resolve(true);
  }

  get(id: string): Promise<EventInfo | null> {
    const event = this.events.get(id);
    return Promise.resolve(event ? copyEvent(event) : null);
  }

  addPerson(eventId: string, person: Me): Promise<void> {
    let people = this.persons.get(eventId);
    if (!people) this.persons.set(eventId, (people = new Map<string, Me>()));
    people.set(person.id, { ...person });
    let joins = this.joins.get(eventId);
    if (!joins) this.joins.set(eventId, (joins = noJoins()));
    joins.joined += 1;
    if (person.koc) joins.koc += 1;
    const country = countryKey(person.country);
    joins.byCountry[country] = (joins.byCountry[country] ?? 0) + 1;
    return Promise.resolve();
  }

  people(eventId: string, ids: string[]): Promise<Record<string, Me>> {
    const people = this.persons.get(eventId);
    const out: Record<string, Me> = {};
    for (const id of ids) {
      const person = people?.get(id);
      if (person) out[id] = { ...person };
    }
    return Promise.resolve(out);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  end(id: string, at: number): Promise<EventInfo | null> {
    const event = this.events.get(id);
    if (!event) return Promise.resolve(null);
    event.endedAt ??= at;
    return Promise.resolve(copyEvent(event));
  }

  joinCounts(eventId: string): Promise<JoinCounts> {
    const joins = this.joins.get(eventId) ?? noJoins();
    return Promise.resolve({ ...joins, byCountry: { ...joins.byCountry } });
  }

  removePerson(eventId: string, personId: string): Promise<void> {
    this.persons.get(eventId)?.delete(personId);
    return Promise.resolve();
  }

  reset(eventId: string): Promise<{ seq: number; generation: number } | null> {
    const event = this.events.get(eventId);
    if (!event) return Promise.resolve(null);
    this.persons.delete(eventId);
    this.joins.delete(eventId);
    event.generation = (event.generation ?? 0) + 1;
    return Promise.resolve({ seq: this.clock.nextSeq(eventId), generation: event.generation });
  }

  delete(eventId: string): Promise<void> {
    this.events.delete(eventId);
    this.persons.delete(eventId);
    this.joins.delete(eventId);
    return Promise.resolve();
  }

  sweep(): Promise<string[]> {
    return Promise.resolve([]);
  }

  endedBefore(cutoff: number): Promise<string[]> {
    const ids = [...this.events.values()].filter((e) => e.endedAt != null && e.endedAt < cutoff).map((e) => e.id);
    return Promise.resolve(ids);
  }

  forget(): void {
    // One node: nothing is held apart from the store.
  }
}
