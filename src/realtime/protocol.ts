import type { Server, Socket } from 'socket.io';
import type { Identity, Role } from '../auth/identity.js';
import type { Ack } from '../common/ack.types.js';
import type { Bucket } from '../limits/token-buckets.js';

// The core's part of the protocol, and the types every feature's part is written with. The whole
// protocol (every feature's commands, broadcasts and snapshot part) is composed in src/protocol/,
// above the features; the core names none of them.

export type AckFn<T> = (ack: Ack<T>) => void;

/** A map of events: name -> the listener's signature (socket.io's own convention). */
export type EventMap = object;
/** The payload of event `E` of map `M`. */
export type Payload<M, E extends keyof M> = M[E] extends (payload: infer P, ...rest: never[]) => void ? P : never;
/** One message of map `M`: an event name and its payload, as one value. */
export type Message<M> = { [E in keyof M & string]: { event: E; payload: Payload<M, E> } }[keyof M & string];

/** Server-to-client events of the core. */
export interface CoreServerEvents {
  /** Added: seq moved by a change this role may not see, so the client sees no gap. */
  'state:seq': (payload: { seq: number }) => void;
  /** Added: this node is shutting down; reconnect (elsewhere) at a random moment within the window. */
  'server:draining': (payload: { reconnectWithinMs: number }) => void;
}

/**
 * Set at the handshake; the rest is the hot path's per-socket state, kept here because every
 * packet reads the socket's data anyway (a map keyed by person or socket costs a lookup per packet).
 */
export interface SocketData {
  identity: Identity;
  /** CommandLimits: the person's token bucket on this node. */
  bucket?: Bucket;
  /** CommandLimits: refusals in a row since the socket's last admitted command. */
  refusedInRow?: number;
  /** FigureRecorder: the record of the minute the socket was last counted active in. */
  activeMark?: number;
}

type AnyEvents = Record<string, (...args: unknown[]) => void>;
/** The server as the core sees it: events of every name (features type their own via the Broadcaster). */
export type AppServer = Server<AnyEvents, AnyEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<AnyEvents, AnyEvents, Record<string, never>, SocketData>;

/** What each role receives of one change; null: the role may not see it. */
export type RoleViews<P> = Record<Role, P | null>;

export const eventRoom = (eventId: string): string => `ev:${eventId}`;
export const roleRoom = (eventId: string, role: Role): string => `ev:${eventId}:${role}`;
/** Each audience member's own room: all their sockets, on every node. */
export const personRoom = (eventId: string, personId: string): string => `ev:${eventId}:p:${personId}`;
