export const REVOCATION_STORE = Symbol('RevocationStore');

/**
 * Per event, the audience tokens refused after their person was erased (PROTOCOL section 11).
 * It holds keyed digests of the people's ids (person-digest.ts), never the ids: an erased person
 * leaves nothing in the store that names them. Redis: a set, `{ev:X}:revoked`.
 */
export interface RevocationStore {
  revoke(eventId: string, digest: string): Promise<void>;
  list(eventId: string): Promise<string[]>;
  /** Reset and deletion: the list is gone. */
  clear(eventId: string): Promise<void>;
}
