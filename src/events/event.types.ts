import type { Role } from '../auth/identity.js';
import type { AckFn } from '../realtime/protocol.js';

export interface EventInfo {
  id: string;
  name: string;
  moderation: boolean;
  inviteCodes: string[];
  createdAt: number;
}

/** Public view of an event (invite codes stay with the admin). */
export type EventView = Omit<EventInfo, 'inviteCodes'>;

export interface Me {
  id: string;
  name: string | null;
  country: string | null;
  koc: boolean;
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
}
