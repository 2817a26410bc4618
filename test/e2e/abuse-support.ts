// What the abuse and hardening tests share: HTTP calls with chosen headers, handshakes that report
// the refusal's data, a stopped clock for the per-person buckets, and a latch to hold work in flight.
import { io, type Socket } from 'socket.io-client';
import { CommandLimits } from '../../src/limits/command-limits.js';
import type { TestApp } from '../support/app.js';
import type { ClientEvents, ErrorBody, ServerEvents } from '../support/protocol.js';

export interface Reply {
  status: number;
  body: { ok?: false; error?: ErrorBody; token?: string };
  headers: Headers;
}

export async function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Reply['body']) : {}, headers: res.headers };
}

/** POST /api/events/:id/join, as from the address `forwardedFor` names when it is given. */
export function joinAs(url: string, eventId: string, forwardedFor?: string): Promise<Reply> {
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return post(url, `/api/events/${eventId}/join`, { name: 'Guest' }, headers);
}

/** A 429 with a Retry-After in whole seconds and the RATE_LIMITED body with retryAfterMs. */
export function expectTooMany(reply: Reply): { retryAfterS: number; retryAfterMs: number } {
  expect(reply.status).toBe(429);
  expect(reply.body.ok).toBe(false);
  expect(reply.body.error?.code).toBe('RATE_LIMITED');
  const retryAfterMs = (reply.body.error?.details as { retryAfterMs: number }).retryAfterMs;
  const retryAfterS = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfterS) && retryAfterS >= 1).toBe(true);
  expect(retryAfterS).toBe(Math.ceil(retryAfterMs / 1000));
  return { retryAfterS, retryAfterMs };
}

export interface Handshake {
  /** 'connected', or the connect_error message. */
  outcome: string;
  data?: { retryAfterMs?: number };
  socket: Socket<ServerEvents, ClientEvents>;
}

/** One handshake (websocket); the socket stays open when let in: the caller closes it. */
export function handshakeAs(url: string, token: string, forwardedFor?: string): Promise<Handshake> {
  const socket: Socket<ServerEvents, ClientEvents> = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  return new Promise<Handshake>((resolve) => {
    socket.once('connect', () => resolve({ outcome: 'connected', socket }));
    socket.once('connect_error', (err: Error & { data?: Handshake['data'] }) => {
      socket.disconnect();
      resolve({ outcome: err.message, data: err.data, socket });
    });
  });
}

/** Stops the clock the per-person buckets refill by, so that a test counts exactly; the test moves it. */
export function stopBucketClock(app: TestApp): { advance: (ms: number) => void; restart: () => void } {
  const limits = app.app.get(CommandLimits);
  let at = Date.now();
  limits.now = () => at;
  return {
    advance: (ms) => void (at += ms),
    restart: () => void (limits.now = Date.now),
  };
}

/** A promise the test opens when it chooses: work that awaits it stays in flight till then. */
export function latch(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** Re-checks `check` until it holds, with a bound (for what the server learns asynchronously). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
