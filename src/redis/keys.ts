/**
 * Every key of one event carries the hash tag {ev:<id>}, so an event lives on one Redis Cluster
 * slot and a Lua script may touch any of its keys.
 */
export function evKey(eventId: string, ...parts: string[]): string {
  return `{ev:${eventId}}:${parts.join(':')}`;
}

/** Raised by every change of state, inside the same script as the change. */
export const seqKey = (eventId: string): string => evKey(eventId, 'seq');
/** Hash: counter name (`poll:<id>`, `reactions`) -> version; the ticker reads only this. */
export const versionsKey = (eventId: string): string => evKey(eventId, 'versions');
