import WebSocket from 'ws';
import { ERROR_CODES } from '../../src/common/errors.js';
import type { Ack, ErrorBody } from '../support/protocol.js';

/** mulberry32: a small seeded generator, so that every run sends the same payloads. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

/** JSON text written as is: numbers JSON.stringify cannot produce (1e309 parses as Infinity, -0). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold Raw parts and own `__proto__` keys (which JSON.parse makes). */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).map(
      (k) => `${JSON.stringify(k)}:${toJson((value as Record<string, unknown>)[k])}`,
    );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A copy of `obj` with one more own key, `__proto__` included (a real key, as JSON.parse makes it). */
export function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const POLLUTION = { polluted: 'yes' };
export const HUGE = 'x'.repeat(60_000);
/** Deeper than the 8 levels the server takes. */
export const deepObject = (levels: number): unknown => (levels === 0 ? 'bottom' : { a: deepObject(levels - 1) });
export const deepArray = (levels: number): string => `${'['.repeat(levels)}0${']'.repeat(levels)}`;
/** As many copies of `item` as fit in about 40 KB: far beyond any array limit, within a frame. */
export function hugeArray(item: unknown): unknown[] {
  const size = toJson(item).length + 1;
  return Array.from({ length: Math.max(30, Math.floor(40_000 / size)) }, () => item);
}

/** Strings that break naive code: direction marks, zero-width, lone surrogates, combining, NUL. */
export const UNICODE = [
  'A\u202eevil\u202cB',
  'A\u200b\u200c\u200d\u2060B',
  'A\ud800B',
  'A\udfffB',
  'A\ufeffB',
  `A${'\u0301'.repeat(200)}B`,
  'A\u2028\u2029B',
  'A👩‍👩‍👧‍👦B',
  'Ａ\uff01B',
];
/** Never valid where an id or a keyword is expected. */
export const UNICODE_IDS = [...UNICODE, 'a\u0000b', 'poll\u200b', '__proto__', 'constructor', 'toString'];

export interface Mutation {
  label: string;
  /** The JSON text of the command's arguments (after the event name); '' sends none. */
  args: string;
}

export interface Shape {
  payload: Record<string, unknown>;
  /** Fields without which the payload is not valid. */
  required: string[];
  /**
   * Fields where any string of the right length may be valid: free text (any Unicode), a language
   * tag (`toString` has the shape of one), an event id (`constructor` is one). Other strings are ids
   * or keywords, which odd Unicode and the names of Object.prototype's members never are.
   */
  loose?: string[];
}

function wrongValues(value: unknown, free: boolean): unknown[] {
  if (typeof value === 'string') {
    const base = [0, new Raw('-0'), new Raw('1e309'), true, [], [value], {}, { en: value }, 'x'.repeat(2001), HUGE];
    return free ? base : [...base, ...UNICODE_IDS];
  }
  if (typeof value === 'number') return ['5', true, [], {}, new Raw('1e309'), new Raw('-1e309'), new Raw('1e21'), HUGE];
  if (typeof value === 'boolean') return ['true', 1, 0, [], {}, new Raw('-0')];
  if (Array.isArray(value)) {
    const item: unknown = value[0];
    return ['a', {}, 1, hugeArray(item), deepObject(12), [null], [[item]], [withKey({}, '__proto__', POLLUTION)]];
  }
  return [
    'x',
    [],
    1,
    deepObject(12),
    withKey(value as Record<string, unknown>, '__proto__', POLLUTION),
    withKey(value as Record<string, unknown>, 'constructor', { prototype: POLLUTION }),
  ];
}

/** Whole payloads that are not an object of the command's shape. */
function payloadMutations(shape: Shape): Mutation[] {
  const p = shape.payload;
  const json = toJson(p);
  const out: Mutation[] = [
    { label: 'no payload', args: '' },
    ...['null', '42', '-0', '1e309', '-1e309', '"a string"', 'true', '[]', `[${json}]`].map((a) => ({
      label: `payload ${a.slice(0, 20)}`,
      args: a,
    })),
    { label: 'payload huge array', args: toJson(hugeArray(p)) },
    { label: 'payload nested 5000 arrays', args: deepArray(5000) },
    { label: 'payload nested 1000 objects', args: toJson(deepObject(1000)) },
    { label: 'two payloads', args: `${json},${json}` },
    { label: 'top __proto__', args: toJson(withKey(p, '__proto__', POLLUTION)) },
    { label: 'top __proto__ only', args: '{"__proto__":{"polluted":"yes"}}' },
    { label: 'top constructor', args: toJson(withKey(p, 'constructor', { prototype: POLLUTION })) },
    { label: 'top prototype', args: toJson(withKey(p, 'prototype', POLLUTION)) },
    { label: 'extra isAdmin', args: toJson({ ...p, isAdmin: true }) },
    { label: 'extra huge field', args: toJson({ ...p, padding: HUGE }) },
  ];
  if (shape.required.length > 0) out.push({ label: 'empty object', args: '{}' });
  return out;
}

/** One change of one field: missing, null, or a value of the wrong type or size. */
function fieldMutations(shape: Shape): { label: string; payload: Record<string, unknown> }[] {
  const out: { label: string; payload: Record<string, unknown> }[] = [];
  for (const [field, value] of Object.entries(shape.payload)) {
    if (shape.required.includes(field)) {
      const { [field]: _gone, ...rest } = shape.payload;
      out.push({ label: `${field} missing`, payload: rest });
    }
    out.push({ label: `${field} null`, payload: { ...shape.payload, [field]: null } });
    for (const [i, wrong] of wrongValues(value, shape.loose?.includes(field) ?? false).entries()) {
      out.push({ label: `${field} wrong #${i}`, payload: { ...shape.payload, [field]: wrong } });
    }
  }
  return out;
}

/**
 * Hostile payloads for one command, each not valid by construction: whole-payload ones, each field
 * wrong in every way, and `random` seeded mixes of two or three of those with an unknown key.
 */
export function mutations(shape: Shape, rnd: () => number, random: number): Mutation[] {
  const fields = fieldMutations(shape);
  const out = [...payloadMutations(shape), ...fields.map((f) => ({ label: f.label, args: toJson(f.payload) }))];
  for (let i = 0; i < random && fields.length > 0; i++) {
    const parts = [pick(rnd, fields), pick(rnd, fields), pick(rnd, fields)].slice(0, 2 + Math.floor(rnd() * 2));
    let payload: Record<string, unknown> = { ...shape.payload };
    for (const part of parts) {
      // Apply each part's change: its missing fields and changed values.
      for (const key of Object.keys(shape.payload)) if (!(key in part.payload)) delete payload[key];
      for (const [k, v] of Object.entries(part.payload)) if (v !== shape.payload[k]) payload[k] = v;
    }
    const key = `k${Math.floor(rnd() * 1e6).toString(36)}`;
    payload = withKey(payload, key, pick(rnd, [1, 'v', null, [], {}, POLLUTION]));
    out.push({ label: `mix ${parts.map((p) => p.label).join(' + ')} + ${key}`, args: toJson(payload) });
  }
  return out;
}

/** What the test process shares with the in-process server: a polluted prototype shows here. */
export function prototypes(): string[] {
  const names = (o: object): string => Object.getOwnPropertyNames(o).sort().join(',');
  const probe: Record<string, unknown> = {};
  const inherited: string[] = [];
  for (const key in probe) inherited.push(key);
  return [
    names(Object.prototype),
    names(Array.prototype),
    names(Function.prototype),
    inherited.join(','),
    String(probe.polluted),
  ];
}

/** Why an ack is not a well-formed error ack with a protocol code, or null when it is. */
export function malformed(ack: unknown): string | null {
  if (typeof ack !== 'object' || ack === null) return `not an object: ${String(ack)}`;
  const keys = Object.keys(ack).sort().join(',');
  const a = ack as Ack<unknown>;
  if (a.ok !== false || keys !== 'error,ok') return `not an error ack: ${JSON.stringify(ack).slice(0, 200)}`;
  const e: ErrorBody = a.error;
  if (!Object.keys(e).every((k) => ['code', 'message', 'details'].includes(k))) return `extra keys in ${keys}`;
  if (!ERROR_CODES.includes(e.code) || typeof e.message !== 'string') return `bad error ${JSON.stringify(e)}`;
  return null;
}

export type RawReply = { kind: 'ack'; ack: unknown } | { kind: 'closed' };

/**
 * A Socket.IO client at the frame level (Engine.IO 4 over WebSocket): sends any text, so that a
 * test can send what socket.io-client never would (1e309, -0, broken packets, reserved names).
 */
export class RawSocket {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: RawReply) => void>();
  readonly closed: Promise<void>;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise<void>((resolve) => {
      ws.once('close', () => {
        for (const done of this.waiting.values()) done({ kind: 'closed' });
        this.waiting.clear();
        resolve();
      });
    });
    ws.on('message', (data: WebSocket.RawData, binary: boolean) => {
      if (binary) return;
      const text = (data as Buffer).toString('utf8');
      if (text === '2') return ws.send('3');
      const ack = /^43([^[]*)(\[[\s\S]*)$/.exec(text);
      if (!ack) return;
      const done = this.waiting.get(Number(ack[1]));
      this.waiting.delete(Number(ack[1]));
      done?.({ kind: 'ack', ack: (JSON.parse(ack[2]) as unknown[])[0] });
    });
  }

  /** Connects with a token and waits for the first `state`; rejects with the refusal. */
  static connect(url: string, token: unknown): Promise<RawSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const socket = new RawSocket(ws);
    return new Promise<RawSocket>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData): void => {
        const text = (data as Buffer).toString('utf8');
        if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
        else if (text.startsWith('44')) {
          ws.close();
          reject(new Error(text));
        } else if (text.startsWith('42["state"')) {
          ws.off('message', onMessage);
          resolve(socket);
        }
      };
      ws.on('message', onMessage);
      ws.once('error', reject);
      ws.once('close', () => reject(new Error('closed before the state')));
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends an event packet with an ack id; the ack, 'closed', or a rejection after 5 s (a hang). */
  emit(event: unknown, args: string): Promise<RawReply> {
    return this.packet((id) => `42${id}[${JSON.stringify(event)}${args === '' ? '' : `,${args}`}]`);
  }

  /** Sends any text with the next ack id in it (`${id}`), for hand-made packets. */
  packet(make: (id: number) => string): Promise<RawReply> {
    if (!this.open) return Promise.resolve({ kind: 'closed' });
    const id = this.nextId++;
    return new Promise<RawReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer to packet ${id} within 5 s`));
      }, 5000);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.ws.send(make(id));
    });
  }

  frame(data: string | Buffer): void {
    this.ws.send(data);
  }

  close(): void {
    this.ws.close();
  }
}
