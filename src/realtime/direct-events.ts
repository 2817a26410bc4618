import type { AppSocket } from './protocol.js';

/**
 * Event packets read from the engine.io connection directly, and their acks written to it.
 *
 * Socket.IO 4.8 (pinned) hands an event packet to a listener through its parser's emitter, two
 * `process.nextTick` hops, an ack closure and an args array, then encodes the ack after walking it
 * for binary: about a fifth of a vote's cost in a burst. The router takes every plain EVENT
 * packet of the main namespace here instead, with the same parse (JSON.parse of the same text)
 * and writes the same ack string Socket.IO would. Everything else (connect, disconnect, acks,
 * binary, other namespaces, anything that does not parse) goes to Socket.IO's own reader
 * unchanged, which answers it as before; a socket that ever sends binary is left to Socket.IO
 * for good (its decoder then reassembles attachments across packets). Packets read here pass no
 * `socket.use` middleware and no `onAny` listener (the server installs neither but the router's).
 */

/** An EVENT packet: its ack id (-1: none) and its data (`[name, ...args]`). */
export interface EventPacket {
  readonly id: number;
  readonly data: [string, ...unknown[]];
}

/** engine.io's connection, as far as it is used here. */
export interface Conn {
  readonly readyState: string;
  write(data: string, options: { compress: boolean }): unknown;
  listeners(event: 'data'): unknown[];
  on(event: 'data', listener: (data: unknown) => void): unknown;
  off(event: 'data', listener: (data: unknown) => void): unknown;
}

/** Gets a socket's event packets read directly. */
export type DirectListener = (socket: AppSocket, packet: EventPacket, conn: Conn) => void;

/** Names Socket.IO's parser refuses as event names. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const EVENT = 0x32; // '2'
const OPEN_ARRAY = 0x5b; // '['
/** Longer ids go to Socket.IO (an id must stay an exact integer). */
const MAX_ID_DIGITS = 15;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** The packet, when `text` is a plain EVENT of the main namespace that Socket.IO would accept; else null. */
export function readEvent(text: string): EventPacket | null {
  if (text.charCodeAt(0) !== EVENT) return null;
  let i = 1;
  while (i <= MAX_ID_DIGITS && isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== OPEN_ARRAY) return null;
  let data: unknown;
  try {
    data = JSON.parse(text.slice(i));
  } catch {
    return null;
  }
  if (!Array.isArray(data) || typeof data[0] !== 'string' || RESERVED.has(data[0])) return null;
  return { id: i > 1 ? Number(text.slice(1, i)) : -1, data: data as [string, ...unknown[]] };
}

/** The ack packet Socket.IO would write for `socket.emit`'s callback called with `answer`. */
export function writeAck(conn: Pick<Conn, 'readyState' | 'write'>, id: number, answer: unknown): void {
  // As Socket.IO's Client#_packet: nothing is written to a connection that is not open.
  if (conn.readyState !== 'open') return;
  conn.write(`3${id}${JSON.stringify([answer])}`, { compress: true });
}

/** Socket.IO's reader of the socket's connection (its Client's bound `ondata`), if it has one. */
function socketIoReader(socket: AppSocket): ((data: unknown) => void) | null {
  const reader = (socket.client as unknown as { ondata?: unknown }).ondata;
  return typeof reader === 'function' ? (reader as (data: unknown) => void) : null;
}

/**
 * Reads the socket's event packets before Socket.IO does: `onEvent` gets each (the socket is
 * connected then); the rest goes on to Socket.IO. Returns false, changing nothing, where the
 * Socket.IO in use does not read its connection as 4.8 does. The reader holds the socket and
 * `onEvent` alone (engine.io calls it with the connection as `this`): it is one per connection.
 */
export function readEventsDirectly(socket: AppSocket, onEvent: DirectListener): boolean {
  const conn = socket.conn as unknown as Conn;
  const reader = socketIoReader(socket);
  if (!reader || !conn.listeners('data').includes(reader)) return false;
  conn.off('data', reader);
  conn.on('data', function read(this: Conn, data: unknown): void {
    const packet = socket.connected && typeof data === 'string' ? readEvent(data) : null;
    if (packet) return onEvent(socket, packet, this);
    const socketIo = socketIoReader(socket) as (data: unknown) => void;
    // Binary (a BINARY_EVENT or BINARY_ACK header, or an attachment): Socket.IO's decoder
    // reassembles attachments across frames, so it reads this connection from now on.
    if (typeof data !== 'string' || data.startsWith('5') || data.startsWith('6')) {
      this.off('data', read);
      this.on('data', socketIo);
    }
    socketIo(data);
  });
  return true;
}
