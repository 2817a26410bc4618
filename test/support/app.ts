import type { NestExpressApplication } from '@nestjs/platform-express';
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import type {
  Ack,
  AckData,
  Broadcast,
  BroadcastPayload,
  ClientEvents,
  Command,
  CommandPayload,
  Received,
  ServerEvents,
} from './protocol.js';

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

/**
 * Socket.IO hands a catch-all listener untyped arguments, and an ack arrives untyped too; the
 * server emits and answers by the same maps this client is typed with. These three functions are
 * where the tests take the wire at the map's word, and the only ones.
 */
function asAck<T>(ack: unknown): Ack<T> {
  return ack as Ack<T>;
}
function asReceived(event: string, payload: unknown): Received {
  return { event, payload } as Received;
}
function payloadIf<E extends Broadcast>(m: Received, event: E): BroadcastPayload<E>[] {
  return m.event === event ? [m.payload as BroadcastPayload<E>] : [];
}

/** A connected client whose every received broadcast is kept, so that a test can wait for one. */
export class Client {
  /** Every broadcast this client received, in order. */
  readonly received: Received[] = [];
  private waiters: ((m: Received) => boolean)[] = [];

  constructor(readonly socket: Socket<ServerEvents, ClientEvents>) {
    socket.onAny((event: string, payload: unknown) => {
      const m = asReceived(event, payload);
      this.received.push(m);
      this.waiters = this.waiters.filter((settled) => !settled(m));
    });
  }

  /** Resolves with the first broadcast `event` (already received or to come) that passes the test. */
  waitFor<E extends Broadcast>(
    event: E,
    test: (payload: BroadcastPayload<E>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<BroadcastPayload<E>> {
    const seen = this.messages(event).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<BroadcastPayload<E>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((m) => {
        const [payload] = payloadIf(m, event).filter(test);
        if (payload === undefined) return false;
        clearTimeout(timer);
        resolve(payload);
        return true;
      });
    });
  }

  /** The payloads of every broadcast `event` received so far, in order. */
  messages<E extends Broadcast>(event: E): BroadcastPayload<E>[] {
    return this.received.flatMap((m) => payloadIf(m, event));
  }

  /** Sends a command of the protocol: its payload is the map's, and so is the data of its ack. */
  send<K extends Command>(event: K, payload: CommandPayload<K>): Promise<Ack<AckData<K>>> {
    return this.ack(event, [payload]);
  }

  /**
   * The escape hatch, for a test that sends something invalid ON PURPOSE (a wrong payload, none, an
   * extra argument, a name the protocol lacks): any name and any arguments, unchecked.
   */
  sendRaw(event: string, ...args: unknown[]): Promise<Ack<unknown>> {
    return this.ack(event, args);
  }

  /** The escape hatch without an ack: for a frame the server must refuse by closing the connection. */
  emitRaw(event: string, ...args: unknown[]): void {
    const wire: Socket = this.socket;
    wire.emit(event, ...args);
  }

  close(): void {
    this.socket.disconnect();
  }

  private async ack<T>(event: string, args: unknown[]): Promise<Ack<T>> {
    // The same socket without the maps: `send` has checked what goes out by its own signature.
    const wire: Socket = this.socket;
    return asAck<T>(await wire.timeout(5000).emitWithAck(event, ...args));
  }
}

/** One command and its payload, checked by the map where it is written, to send later from any client. */
export interface Call<P = unknown> {
  readonly event: Command;
  readonly payload: P;
  send(client: Client): Promise<Ack<unknown>>;
}

/** A Call, for a list of commands of several kinds (each its own payload). */
export function call<K extends Command, P extends CommandPayload<K>>(event: K, payload: P): Call<P> {
  return { event, payload, send: (client) => client.send(event, payload) };
}

/** Connects with a token and waits for the first `state`; rejects with the connect_error message. */
export async function connect(
  base: string,
  token: string | undefined,
  transports: ('websocket' | 'polling')[] = ['websocket'],
): Promise<Client> {
  const socket: Socket<ServerEvents, ClientEvents> = io(base, {
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
