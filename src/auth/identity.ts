export const ROLES = ['audience', 'operator', 'screen'] as const;
export type Role = (typeof ROLES)[number];

/** Who is behind a socket or a request: decoded from the token, never from the payload. */
export interface Identity {
  role: Role;
  eventId: string;
  /** Audience: the person's stable id (the same on every node and reconnect). */
  id: string;
  name: string | null;
  country: string | null;
  locale: string | null;
  koc: boolean;
  /** Audience: the event's generation when the token was issued (raised by each reset); absent: 0. */
  generation?: number;
}
