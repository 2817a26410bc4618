import type { Role } from '../auth/identity.js';
import type { AckFn } from '../realtime/protocol.js';

export interface EventInfo {
  id: string;
  name: string;
  moderation: boolean;
  inviteCodes: string[];
  createdAt: number;
  /** Set once by `POST /api/events/{id}/end` (PROTOCOL section 11); absent: not ended. */
  endedAt?: number;
  /** Raised by each reset: audience tokens of an older generation (the rehearsal's people) are refused. */
  generation?: number;
}

/** Public view of an event (invite codes stay with the admin). */
export type EventView = Omit<EventInfo, 'inviteCodes'>;

export interface Me {
  id: string;
  name: string | null;
  country: string | null;
  koc: boolean;
  /** When they joined (ms); kept in the store's record, not in the snapshot's `me`. */
  joinedAt?: number;
  /** Added with the prediction game (audience snapshot): my points and rank among predictors. */
  points?: number;
  rank?: number | null;
}

/**
 * The core's part of the snapshot every socket gets on connect and on `state:sync` (PROTOCOL
 * section 3); each feature adds its own part (src/protocol/events.ts has the whole of it).
 */
export interface CoreState {
  eventId: string;
  name: string;
  seq: number;
  serverTime: number;
  role: Role;
  me: Me | null;
}

/** The connection's own events, typed with the core's part; src/protocol/ types them whole. */
export interface EventsCommands {
  'state:sync': (payload: unknown, ack: AckFn<CoreState>) => void;
}
export interface EventsBroadcasts {
  state: (state: CoreState) => void;
  /**
   * Added (PROTOCOL section 11), to every role: the event was reset after a rehearsal. Its state
   * is that of a fresh event (drafts kept): call `state:sync`. The audience's sockets are then
   * closed and their tokens refused (the rehearsal's people are gone): join again.
   */
  'event:reset': (payload: { eventId: string; seq: number }) => void;
  /** Added (PROTOCOL section 11), to every role: the event and all its data are gone; the socket is closed next. */
  'event:deleted': (payload: { eventId: string }) => void;
}
