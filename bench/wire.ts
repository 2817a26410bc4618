// A light Socket.IO client: Engine.IO v4 / Socket.IO v5 over a bare `ws` WebSocket, so that one
// process holds thousands. Frames are parsed only as far as needed (event name, ack id).
import WebSocket from 'ws';
import { isBroadcast, type Broadcast, type BroadcastPayload, type Command, type CommandPayload } from './protocol.js';

/** Microseconds on the machine's monotonic clock (CLOCK_MONOTONIC): comparable across processes. */
export function nowUs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
}

export interface WireHandlers {
  /** A broadcast of the protocol: its name and the whole frame (`42[...]`), with the time it arrived. */
  onEvent?: (name: Broadcast, frame: string, atUs: number) => void;
  onClose?: () => void;
}

/** An ack as it arrived, unparsed (or TIMEOUT, or CLOSED). */
export interface AckFrame {
  /** The ack's arguments as JSON text: `[{"ok":true,...}]`. */
  body: string;
  atUs: number;
}

/**
 * The payload of a broadcast frame (`42["name",payload]`) whose name was read as `event`: JSON from
 * the wire, taken at the map's word (the server emits by the same map).
 */
export function payloadOf<E extends Broadcast>(_event: E, frame: string): BroadcastPayload<E> {
  const [, payload] = JSON.parse(frame.slice(2)) as [E, BroadcastPayload<E>];
  return payload;
}

/** `http://host:port` (or ws://, https://) to the Socket.IO WebSocket endpoint. */
export function socketUrl(base: string): string {
  const url = new URL(base);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = '/socket.io/';
  url.search = '?EIO=4&transport=websocket';
  return url.toString();
}

/** The code of an error ack (`[{"ok":false,"error":{"code":"X"...`), or null for an ok ack. */
export function ackError(body: string): string | null {
  if (body.startsWith('[{"ok":true')) return null;
  const at = body.indexOf('"code":"');
  if (at < 0) return 'MALFORMED';
  return body.slice(at + 8, body.indexOf('"', at + 8));
}

/** Frames and characters this process's clients received (what the server made them read). */
export const received = { frames: 0, bytes: 0 };

export class WireClient {
  private readonly ws: WebSocket;
  private nextAck = 0;
  private readonly acks = new Map<number, { resolve: (a: AckFrame) => void; timer: NodeJS.Timeout }>();
  private readonly opened: Promise<void>;
  private ready: () => void = () => undefined;
  private refused: (err: Error) => void = () => undefined;
  private until: Broadcast | null = null;
  connected = false;
  closed = false;

  /** Connects and resolves once `untilEvent` arrived (or the CONNECT was accepted, without one). */
  static async connect(
    url: string,
    token: string,
    handlers: WireHandlers = {},
    options: { untilEvent?: Broadcast; timeoutMs?: number } = {},
  ): Promise<WireClient> {
    const client = new WireClient(url, token, handlers, options.untilEvent ?? null, options.timeoutMs ?? 20_000);
    try {
      await client.opened;
    } catch (err) {
      client.terminate();
      throw err;
    }
    return client;
  }

  private constructor(
    url: string,
    private readonly token: string,
    private readonly handlers: WireHandlers,
    untilEvent: Broadcast | null,
    timeoutMs: number,
  ) {
    this.ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    this.opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('TIMEOUT')), timeoutMs);
      let done = false;
      const fail = (err: Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(err);
      };
      this.ready = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      this.refused = fail;
      this.until = untilEvent;
      this.ws.on('error', (err: Error) => fail(new Error(`SOCKET: ${err.message}`)));
    });
    this.ws.on('message', (data: Buffer) => this.frame(data.toString()));
    this.ws.on('close', () => {
      this.closed = true;
      this.connected = false;
      this.refused(new Error('CLOSED'));
      // Commands still waiting are answered CLOSED: nothing will come for them now.
      for (const [, pending] of this.acks) {
        clearTimeout(pending.timer);
        pending.resolve({ body: 'CLOSED', atUs: nowUs() });
      }
      this.acks.clear();
      this.handlers.onClose?.();
    });
  }

  private frame(text: string): void {
    const at = nowUs();
    received.frames++;
    received.bytes += text.length;
    const type = text.charCodeAt(0);
    if (type === 0x32 /* 2: ping */) {
      this.ws.send('3');
      return;
    }
    if (type === 0x30 /* 0: Engine.IO open */) {
      this.ws.send(`40${JSON.stringify({ token: this.token })}`);
      return;
    }
    if (type !== 0x34 /* 4: message */) return;
    const kind = text.charCodeAt(1);
    if (kind === 0x32 /* 2: EVENT */) {
      const start = text.indexOf('["');
      const name = text.slice(start + 2, text.indexOf('"', start + 2));
      if (!isBroadcast(name)) return;
      this.handlers.onEvent?.(name, text, at);
      if (this.until !== null && name === this.until) this.ready();
    } else if (kind === 0x33 /* 3: ACK */) {
      let i = 2;
      while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      const id = Number(text.slice(2, i));
      const pending = this.acks.get(id);
      if (!pending) return;
      this.acks.delete(id);
      clearTimeout(pending.timer);
      pending.resolve({ body: text.slice(i), atUs: at });
    } else if (kind === 0x30 /* 0: CONNECT accepted */) {
      this.connected = true;
      if (this.until === null) this.ready();
    } else if (kind === 0x34 /* 4: CONNECT_ERROR */) {
      const match = /"message":"([^"]*)"/.exec(text);
      this.refused(new Error(match?.[1] ?? 'CONNECT_ERROR'));
      this.terminate();
    }
  }

  /** Sends a command with an ack; resolves with the ack, or `{ body: 'TIMEOUT' }` after timeoutMs. */
  emitAck<K extends Command>(name: K, payload: CommandPayload<K>, timeoutMs = 30_000): Promise<AckFrame> {
    const id = this.nextAck++;
    return new Promise<AckFrame>((resolve) => {
      if (this.closed) {
        resolve({ body: 'CLOSED', atUs: nowUs() });
        return;
      }
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve({ body: 'TIMEOUT', atUs: nowUs() });
      }, timeoutMs);
      this.acks.set(id, { resolve, timer });
      this.ws.send(`42${id}${JSON.stringify([name, payload])}`);
    });
  }

  /** Closes politely; resolves when the socket is closed (terminated after `graceMs`). */
  close(graceMs = 3000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.terminate();
        resolve();
      }, graceMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close();
    });
  }

  terminate(): void {
    this.ws.terminate();
  }
}
