import { io, type Socket } from 'socket.io-client';
import { connect, createEvent, http, join, staffToken, startApp, type Client, type TestApp } from '../support/app.js';
import type {
  Ack,
  AckData,
  ClientEvents,
  ErrorBody,
  EventState,
  Poll,
  PollResults,
  Sequenced,
  ServerEvents,
  Tally,
  Vote,
} from '../support/protocol.js';
import { RedisServer } from '../support/redis-server.js';

export type Mode = 'embedded' | 'redis';
export const MODES: Mode[] = ['embedded', 'redis'];

export interface Member {
  token: string;
  audienceId: string;
  koc: boolean;
  client: Client;
}

/** One event with an operator and a screen connected; audience members join on demand. */
export interface Room {
  id: string;
  opToken: string;
  screenToken: string;
  op: Client;
  screen: Client;
  member(body?: Record<string, unknown>): Promise<Member>;
  members(n: number, body?: (i: number) => Record<string, unknown>): Promise<Member[]>;
}

export interface Ctx {
  readonly mode: Mode;
  readonly url: string;
  readonly app: TestApp;
  /** The file's private redis-server (Redis mode only). */
  readonly redis: RedisServer;
  /** Connects and keeps the client, to close it after the test. */
  connect(token: string | undefined, transports?: ('websocket' | 'polling')[]): Promise<Client>;
  room(extra?: Record<string, unknown>): Promise<Room>;
  newEventId(): string;
  /** An HTTP call to the app. */
  api<T>(
    method: string,
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; body: T | { ok: false; error: ErrorBody } }>;
}

let eventCounter = 0;

/** Boots the app for a describe block (a private redis-server in Redis mode) and closes it after. */
export function useApp(mode: Mode, options: { appendonly?: boolean; env?: Record<string, string> } = {}): Ctx {
  let app: TestApp | null = null;
  let redis: RedisServer | null = null;
  const clients: Client[] = [];

  beforeAll(async () => {
    if (mode === 'redis') redis = await RedisServer.start({ appendonly: options.appendonly ?? false });
    app = await startApp({ ...options.env, ...(redis ? { REDIS_URL: redis.url } : {}) });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.close();
    await app?.close();
    await redis?.destroy();
  });

  const ctx: Ctx = {
    mode,
    get app(): TestApp {
      if (!app) throw new Error('the app is not started');
      return app;
    },
    get url(): string {
      return ctx.app.url;
    },
    api: (method, path, body, token) => http(ctx.url, method, path, body, token),
    get redis(): RedisServer {
      if (!redis) throw new Error('no redis-server in this mode');
      return redis;
    },
    async connect(token, transports) {
      const client = await connect(ctx.url, token, transports);
      clients.push(client);
      return client;
    },
    newEventId: () => `e${process.pid.toString(36)}-${mode[0]}-${++eventCounter}`,
    async room(extra = {}) {
      const id = ctx.newEventId();
      await createEvent(ctx.url, id, extra);
      const opToken = await staffToken(ctx.url, id, 'operator');
      const screenToken = await staffToken(ctx.url, id, 'screen');
      const op = await ctx.connect(opToken);
      const screen = await ctx.connect(screenToken);
      const member = async (body: Record<string, unknown> = {}): Promise<Member> => {
        const joined = await join(ctx.url, id, body);
        return { ...joined, client: await ctx.connect(joined.token) };
      };
      const members = async (n: number, body?: (i: number) => Record<string, unknown>): Promise<Member[]> => {
        const out: Member[] = [];
        for (let i = 0; i < n; i++) out.push(await member(body ? body(i) : {}));
        return out;
      };
      return { id, opToken, screenToken, op, screen, member, members };
    },
  };
  return ctx;
}

/** The `connect_error` message of a handshake with this token, or 'connected' if it is let in. */
export function handshake(url: string, token: string | undefined): Promise<string> {
  const socket: Socket<ServerEvents, ClientEvents> = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error) => resolve(err.message));
  }).finally(() => socket.disconnect());
}

export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected an ok ack, got ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export function errorOf(ack: Ack<unknown>): ErrorBody {
  if (ack.ok) throw new Error(`expected an error ack, got ok ${JSON.stringify(ack.data)}`);
  return ack.error;
}

/** The fields named in a VALIDATION_FAILED error's details (checking their shape on the way). */
export function detailFields(error: ErrorBody): string[] {
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(Array.isArray(error.details)).toBe(true);
  const details = error.details as unknown[];
  expect(details.length).toBeGreaterThan(0);
  return details.map((d) => {
    expect(d).toEqual({ field: expect.any(String) as unknown, errors: expect.any(Array) as unknown });
    return (d as { field: string }).field;
  });
}

export async function sync(client: Client): Promise<EventState> {
  return okData(await client.send('state:sync', {}));
}

/** The snapshot minus what moves by itself (the clock), to compare before and after. */
export async function stable(client: Client): Promise<Omit<EventState, 'serverTime'>> {
  const { serverTime: _clock, ...rest } = await sync(client);
  return rest;
}

/** The broadcasts among `events` that carry seq, in the order this client got them. */
export function sequenced(client: Client, events: readonly Sequenced['event'][]): Sequenced[] {
  return client.received.filter((m): m is Sequenced => events.some((e) => e === m.event));
}

const SEQ_EVENTS: Sequenced['event'][] = ['state', 'state:seq', 'poll:updated', 'stage:cue'];

/** The seq values this client saw, in order: its first `state`, then every broadcast carrying seq. */
export function seqTrail(client: Client): number[] {
  return sequenced(client, SEQ_EVENTS).map((m) => m.payload.seq);
}

/** Each seq is the one before plus one: no gap, no repeat. */
export function expectGapless(client: Client): void {
  const trail = seqTrail(client);
  expect(trail).toEqual(trail.map((_, i) => trail[0] + i));
}

/** Resolves once `check` holds, re-checked on every message the client receives. */
export function until(client: Client, check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const listener = (): void => {
      if (!check()) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      client.socket.offAny(listener);
    };
    client.socket.onAny(listener);
  });
}

export function waitSeq(client: Client, seq: number): Promise<void> {
  return until(client, () => seqTrail(client).includes(seq), `seq ${seq}`);
}

export function waitTally(client: Client, pollId: string, test: (t: Tally) => boolean): Promise<Tally> {
  return client.waitFor('poll:tally', (t) => t.pollId === pollId && test(t));
}

export function tallies(client: Client, pollId: string): Tally[] {
  return client.messages('poll:tally').filter((t) => t.pollId === pollId);
}

/**
 * Everything the server wrote to this socket before now has arrived once this returns: the
 * server answers the sync after it, on the same connection. Lets a test assert that nothing came.
 */
export async function drain(client: Client): Promise<void> {
  await sync(client);
}

export const OPTIONS = [
  { id: 'a', label: { en: 'Alpha' } },
  { id: 'b', label: { en: 'Beta' } },
  { id: 'c', label: { en: 'Gamma' } },
];

export function singlePoll(id: string, results: PollResults = 'live'): Record<string, unknown> {
  return { id, kind: 'single', question: { en: `Question ${id}?`, zh: '问题' }, options: OPTIONS, results };
}

/** Creates and opens a poll as the operator; returns the open poll. */
export async function openPoll(op: Client, payload: Record<string, unknown>): Promise<Poll> {
  const poll = okData(await op.send('poll:create', payload));
  return okData(await op.send('poll:open', { pollId: poll.id }));
}

export async function vote(client: Client, pollId: string, v: Vote): Promise<AckData<'poll:vote'>> {
  return okData(await client.send('poll:vote', { pollId, ...v }));
}
