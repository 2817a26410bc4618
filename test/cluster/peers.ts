import { io, type Socket } from 'socket.io-client';
import { ADMIN_KEY } from './cluster.js';

// The protocol's shapes, from the server's own maps (test/support/protocol.ts).
import type { Ack, EventState as State } from '../support/protocol.js';
export type { Ack, Board, Poll, Question, Tally, Vote } from '../support/protocol.js';
export type { State };
export type Transport = 'websocket' | 'polling';

export async function api<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function created<T>(call: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const res = await call;
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createEvent(base: string, id: string): Promise<void> {
  await created(
    api(base, 'POST', '/api/events', { id, name: `Event ${id}`, moderation: false }, ADMIN_KEY),
    'create event',
  );
}

export async function staffToken(base: string, eventId: string, role: 'operator' | 'screen'): Promise<string> {
  const body = { role, eventId, name: role };
  return (await created(api<{ token: string }>(base, 'POST', '/api/auth/token', body, ADMIN_KEY), 'token')).token;
}

export async function join(
  base: string,
  eventId: string,
  country = 'DE',
): Promise<{ token: string; audienceId: string }> {
  return created(
    api<{ token: string; audienceId: string }>(base, 'POST', `/api/events/${eventId}/join`, { country }),
    'join',
  );
}

export interface PeerOptions {
  transport?: Transport;
  /** Through nginx: the sticky key our clients send. */
  affinity?: string;
  /** Direct clients: the URLs to fail over to, in turn, when the current one stays away. */
  fallbacks?: string[];
  /** Ignore `server:draining` (a client that does not know it: its transport is closed instead). */
  ignoreDraining?: boolean;
}

/**
 * A client as ours are built: reconnection on, jittered back-off. Every message is kept, across
 * reconnections and failovers, so a test can wait for one or read them all.
 */
export class Peer {
  socket!: Socket;
  url!: string;
  readonly received: { event: string; payload: unknown }[] = [];
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();
  private readonly fallbacks: string[];
  /** Commands sent and not yet answered. */
  private pending = 0;
  private closed = false;

  constructor(
    url: string,
    readonly token: string,
    private readonly options: PeerOptions = {},
  ) {
    this.fallbacks = [...(options.fallbacks ?? [])];
    this.open(url);
  }

  private open(url: string): void {
    this.url = url;
    const direct = this.options.affinity === undefined;
    const socket = io(url, {
      auth: { token: this.token },
      query: direct ? {} : { affinity: this.options.affinity },
      transports: [this.options.transport ?? 'websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      randomizationFactor: 0.5,
      // A direct client gives its node a few tries, then moves on to the next URL.
      reconnectionAttempts: direct && this.fallbacks.length > 0 ? 3 : Infinity,
      timeout: 5000,
    });
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      for (const listener of [...this.listeners]) listener(event, payload);
    });
    socket.io.on('reconnect_failed', () => this.failover());
    // A handshake the server refused (UNAVAILABLE while draining, RATE_LIMITED) is not retried
    // by socket.io-client itself: try again after a jittered pause, or on the next URL.
    socket.on('connect_error', (err) => {
      if (!socket.active && err.message !== 'UNAUTHORIZED')
        setTimeout(() => this.retry(socket), 200 + Math.random() * 800);
    });
    if (!this.options.ignoreDraining) {
      socket.on('server:draining', (m: { reconnectWithinMs: number }) => {
        setTimeout(() => this.leave(socket), Math.random() * m.reconnectWithinMs);
      });
    }
    this.socket = socket;
  }

  /** Leaves the current URL for the next fallback (same token: the same person); it goes last. */
  private failover(): void {
    const next = this.fallbacks.shift();
    if (next === undefined || this.closed) return;
    this.fallbacks.push(this.url);
    this.socket.disconnect();
    this.open(next);
  }

  private retry(socket: Socket): void {
    if (socket !== this.socket || this.closed || socket.active) return;
    if (this.fallbacks.length > 0) this.failover();
    else socket.connect();
  }

  /** The node is draining: once no command is waiting for its ack, reconnect (elsewhere). */
  private leave(socket: Socket): void {
    if (socket !== this.socket || this.closed || !socket.connected) return;
    if (this.pending > 0) {
      setTimeout(() => this.leave(socket), 50);
      return;
    }
    if (this.fallbacks.length > 0) this.failover();
    else socket.disconnect().connect();
  }

  /** Calls `listener` with every message from now on, whatever the socket (until the peer closes). */
  observe(listener: (event: string, payload: unknown) => void): void {
    this.listeners.add(listener);
  }

  /** Resolves once `check` holds, re-checked on every message (bounded). */
  until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (): void => {
        if (!check()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.url} (${this.options.transport ?? 'websocket'}): timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  messages<T>(event: string): T[] {
    return this.received.filter((m) => m.event === event).map((m) => m.payload as T);
  }

  async waitFor<T>(event: string, test: (payload: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
    const find = (): T | undefined => this.messages<T>(event).find(test);
    await this.until(() => find() !== undefined, what, timeoutMs);
    return find() as T;
  }

  /** Waits for a connection (bounded), whatever the URL it ends up on. */
  async connected(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < 2000 && Date.now() < deadline && !this.socket.connected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (!this.socket.connected) throw new Error(`${this.url}: not connected within ${timeoutMs} ms`);
  }

  async send<T>(event: string, payload: unknown, timeoutMs = 5000): Promise<Ack<T>> {
    this.pending += 1;
    try {
      return (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
    } finally {
      this.pending -= 1;
    }
  }

  async ok<T>(event: string, payload: unknown): Promise<T> {
    const ack = await this.send<T>(event, payload);
    if (!ack.ok) throw new Error(`${event} on ${this.url}: ${JSON.stringify(ack.error)}`);
    return ack.data;
  }

  states(): State[] {
    return this.messages<State>('state');
  }

  /** The seq of every change received (the broadcasts that carry one; snapshots aside), in order. */
  changeSeqs(): number[] {
    return this.received
      .filter((m) => m.event !== 'state')
      .map((m) => (m.payload as { seq?: unknown } | null)?.seq)
      .filter((seq): seq is number => typeof seq === 'number');
  }

  /**
   * The seqs after the first snapshot's, up to `last`, that did not arrive exactly once (any order):
   * each change must reach each client once, its own view or `state:seq`, never twice.
   */
  changesNotOnce(last: number): { seq: number; times: number }[] {
    const first = this.states()[0]?.seq ?? 0;
    const times = new Map<number, number>();
    for (const seq of this.changeSeqs()) times.set(seq, (times.get(seq) ?? 0) + 1);
    const wrong: { seq: number; times: number }[] = [];
    for (let seq = first + 1; seq <= last; seq++) {
      if (times.get(seq) !== 1) wrong.push({ seq, times: times.get(seq) ?? 0 });
    }
    // Older than the snapshot (sent again) or newer than the last change: never expected.
    for (const [seq, n] of times) if (seq <= first || seq > last) wrong.push({ seq, times: n });
    return wrong;
  }

  close(): void {
    this.closed = true;
    this.fallbacks.length = 0;
    this.socket.disconnect();
  }
}

/** A connected peer, after its first snapshot. */
export async function connectPeer(url: string, token: string, options: PeerOptions = {}): Promise<Peer> {
  const peer = new Peer(url, token, options);
  try {
    await peer.waitFor<State>('state', () => true, 'the first state');
  } catch (err) {
    peer.close();
    throw err;
  }
  return peer;
}

/** Counts without zeros, so tallies compare whatever way the server writes an empty option. */
export function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

export const OPTIONS = ['a', 'b', 'c'];

export function singlePoll(id: string): Record<string, unknown> {
  const options = OPTIONS.map((o) => ({ id: o, label: { en: o.toUpperCase() } }));
  return { id, kind: 'single', question: { en: `Question ${id}?` }, options, results: 'live' };
}

let counter = 0;
/** A fresh event id per call, unique across runs of the suite. */
export function newEventId(): string {
  return `cl${process.pid.toString(36)}${Date.now().toString(36)}${++counter}`;
}

/** `fn` over every item, `size` at a time (a few hundred clients without a thundering herd). */
export async function inBatches<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    out.push(...(await Promise.all(batch.map((item, j) => fn(item, start + j)))));
  }
  return out;
}
