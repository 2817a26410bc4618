import { createHmac } from 'node:crypto';

/**
 * A person's id as the store may keep it where the id itself must not stay (the revocation list,
 * the sets of people active per minute): keyed by AUTH_SECRET, so that it is the same on every
 * node, cannot be reversed, and cannot be checked against an id without the secret.
 */
export function personDigest(secret: string, eventId: string, personId: string): string {
  return createHmac('sha256', secret).update(`${eventId}\n${personId}`).digest('base64url').slice(0, 22);
}
