import type { EventStore } from '../event.store.js';
import type { EventInfo, Me } from '../event.types.js';

/** The caller's own copy (an explicit copy: structuredClone was a join's largest store cost). */
export function copyEvent(event: EventInfo): EventInfo {
  return { ...event, inviteCodes: [...event.inviteCodes] };
}

export class MemoryEventStore implements EventStore {
  private readonly events = new Map<string, EventInfo>();
  private readonly persons = new Map<string, Map<string, Me>>();

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
}
