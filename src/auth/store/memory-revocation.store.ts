import type { RevocationStore } from '../revocation.store.js';

export class MemoryRevocationStore implements RevocationStore {
  private readonly events = new Map<string, Set<string>>();

  revoke(eventId: string, digest: string): Promise<void> {
    let set = this.events.get(eventId);
    if (!set) this.events.set(eventId, (set = new Set<string>()));
    set.add(digest);
    return Promise.resolve();
  }

  list(eventId: string): Promise<string[]> {
    return Promise.resolve([...(this.events.get(eventId) ?? [])]);
  }

  clear(eventId: string): Promise<void> {
    this.events.delete(eventId);
    return Promise.resolve();
  }
}
