import type { NestExpressApplication } from '@nestjs/platform-express';
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import type { Ack } from '../../src/common/errors.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const AUTH_SECRET = 'test-auth-secret-0123456789-0123456789';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

/** Boots the whole application on a free port of 127.0.0.1 (embedded unless REDIS_URL is given). */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_KEY,
    AUTH_SECRET,
    TALLY_INTERVAL_MS: '50',
    AUDIENCE_INTERVAL_MS: '50',
    SEED_DEMO: 'false',
    ...env,
  });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url, close: () => app.close() };
}

export async function http<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (CSV)
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

export async function createEvent(base: string, id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await http(base, 'POST', '/api/events', { id, name: `Event ${id}`, ...extra }, ADMIN_KEY);
  if (res.status !== 201) throw new Error(`create event ${id}: ${res.status} ${res.text}`);
}

export async function staffToken(base: string, eventId: string, role: 'operator' | 'screen'): Promise<string> {
  const res = await http<{ token: string }>(base, 'POST', '/api/auth/token', { role, eventId, name: role }, ADMIN_KEY);
  if (res.status !== 201) throw new Error(`token: ${res.status} ${res.text}`);
  return res.body.token;
}

export async function join(
  base: string,
  eventId: string,
  body: Record<string, unknown> = {},
): Promise<{ token: string; audienceId: string; koc: boolean }> {
  const res = await http<{ token: string; audienceId: string; koc: boolean }>(
    base,
    'POST',
    `/api/events/${eventId}/join`,
    body,
  );
  if (res.status !== 201) throw new Error(`join: ${res.status} ${res.text}`);
  return res.body;
}

/** A connected client whose every received message is kept, so a test can wait for one. */
export class Client {
  readonly received: { event: string; payload: unknown }[] = [];
  private waiters: { event: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      this.waiters = this.waiters.filter((w) => {
        if (w.event !== event || !w.test(payload)) return true;
        w.resolve(payload);
        return false;
      });
    });
  }

  /** Resolves with the first message (already received or to come) that passes the test. */
  waitFor<T = unknown>(event: string, test: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    const seen = this.received.find((m) => m.event === event && test(m.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        event,
        test: (p) => test(p as T),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as T);
        },
      });
    });
  }

  messages<T = unknown>(event: string): T[] {
    return this.received.filter((m) => m.event === event).map((m) => m.payload as T);
  }

  send<T = unknown>(event: string, payload?: unknown): Promise<Ack<T>> {
    return this.socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Connects with a token and waits for the first `state`; rejects with the connect_error message. */
export async function connect(
  base: string,
  token: string | undefined,
  transports: ('websocket' | 'polling')[] = ['websocket'],
): Promise<Client> {
  const socket = io(base, {
    auth: token === undefined ? {} : { token },
    transports,
    reconnection: false,
    forceNew: true,
  });
  const client = new Client(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (err: Error) => {
      socket.disconnect();
      reject(err);
    });
    client.waitFor('state').then(() => resolve(), reject);
  });
  return client;
}
