import type { Role } from '../auth/identity.js';

export interface Figures {
  /** Nodes that reported in the last few seconds. */
  nodes: number;
  /** Connected sockets per role, over the whole cluster. */
  connections: Record<Role, number>;
  /** Votes accepted per second over the last interval, over the whole cluster. */
  votesPerSecond: number;
  at: number;
}

export interface OpsBroadcasts {
  /** Added (operators): live figures of the whole cluster, once a second. */
  'ops:figures': (payload: Figures) => void;
}
