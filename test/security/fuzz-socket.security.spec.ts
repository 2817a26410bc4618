import { connect, type Client } from '../support/app.js';
import { useApp } from '../e2e/helpers.js';
import { RawSocket, malformed, mutations, pick, prototypes, seeded, type RawReply } from './hostile.js';
import {
  GENEROUS_LIMITS,
  ROLES,
  WHO,
  commands,
  frozenState,
  runAll,
  stage,
  type Command,
  type Staged,
} from './staged.js';
import type { Ack, Role } from '../support/protocol.js';

const SEED = 0x5ec0de;
const MIXES_PER_COMMAND = 6;

/** What a hostile payload of `command` sent by `role` must get: why not, or null when it did. */
function judge(command: Command, role: Role, reply: RawReply | { kind: 'ack'; ack: Ack<unknown> }): string | null {
  if (reply.kind !== 'ack') return 'the connection was closed';
  const allowed = WHO[command.event].includes(role);
  if (allowed && command.ignoresPayload)
    return (reply.ack as Ack<unknown>).ok ? null : `not ok: ${JSON.stringify(reply.ack)}`;
  const bad = malformed(reply.ack);
  if (bad) return bad;
  const error = (reply.ack as { error: { code: string; details?: unknown } }).error;
  const want = allowed ? 'VALIDATION_FAILED' : 'FORBIDDEN';
  if (error.code !== want)
    return `${error.code} instead of ${want}: ${error.details ? JSON.stringify(error.details) : ''}`;
  if (!allowed) return null;
  const fields = Array.isArray(error.details) ? (error.details as unknown[]) : [];
  const named = fields.every((d) => typeof (d as { field?: unknown }).field === 'string');
  return fields.length > 0 && named ? null : `details without fields: ${JSON.stringify(error.details)}`;
}

/** One raw socket per role, with the staged clients' tokens (Ana's for the audience). */
async function rawSockets(url: string, s: Staged): Promise<Record<Role, RawSocket>> {
  const tokens: Record<Role, string> = { audience: s.ana.token, operator: s.room.opToken, screen: s.room.screenToken };
  const entries = await Promise.all(ROLES.map(async (r) => [r, await RawSocket.connect(url, tokens[r])] as const));
  return Object.fromEntries(entries) as Record<Role, RawSocket>;
}

describe('hostile input over the socket (embedded)', () => {
  const ctx = useApp('embedded', { env: GENEROUS_LIMITS });
  const opened: { close(): void }[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });

  /** The staged event, what it holds now, and the prototypes as they are. */
  async function setUp(): Promise<{ s: Staged; check(): Promise<void> }> {
    const s = await stage(ctx);
    const state = await frozenState(ctx, s.room.id, [s.room.op, s.room.screen, s.ana.client]);
    const protos = prototypes();
    return {
      s,
      async check() {
        expect(prototypes()).toEqual(protos);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        await state.check();
        await runAll(s);
      },
    };
  }

  it('answers every hostile payload of every command with a well-formed error ack, changing nothing', async () => {
    const { s, check } = await setUp();
    let raws = await rawSockets(ctx.url, s);
    opened.push(...Object.values(raws));
    const rnd = seeded(SEED);
    const failures: string[] = [];
    let sent = 0;
    for (const command of commands(s)) {
      const others = ROLES.filter((r) => !WHO[command.event].includes(r));
      for (const m of mutations(command.shape, rnd, MIXES_PER_COMMAND)) {
        // The role that may send it reaches validation; now and then another role must be FORBIDDEN first.
        const senders = [WHO[command.event][0], ...(others.length > 0 && rnd() < 0.25 ? [pick(rnd, others)] : [])];
        for (const role of senders) {
          const reply = await raws[role].emit(command.event, m.args);
          sent += 1;
          const problem = judge(command, role, reply);
          if (problem) failures.push(`${command.event} as ${role}, ${m.label}: ${problem}`);
          if (reply.kind === 'closed') {
            raws = await rawSockets(ctx.url, s);
            opened.push(...Object.values(raws));
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(800);
    await check();
  });

  it('answers unknown command names NOT_FOUND, and binary attachments VALIDATION_FAILED, changing nothing', async () => {
    const { s, check } = await setUp();
    const raw = await RawSocket.connect(ctx.url, s.ana.token);
    opened.push(raw);
    const names: unknown[] = ['poll:delete', 'error', 'toString', '__proto__', 'constructor', 'hasOwnProperty'];
    names.push('', ' state:sync', 'POLL:VOTE', 'x'.repeat(10_000), 'poll:vote\u0000', 5, 1e308);
    for (const name of names) {
      const reply = await raw.emit(name, '{"pollId":"live","optionIds":["a"]}');
      const ack = reply.kind === 'ack' ? (reply.ack as Ack<unknown>) : null;
      const label = String(name).slice(0, 20);
      expect({ label, bad: malformed(ack), code: ack && !ack.ok ? ack.error.code : ack }).toEqual({
        label,
        bad: null,
        code: 'NOT_FOUND',
      });
    }
    const blob = Buffer.from([0, 1, 2, 255]);
    const failures: string[] = [];
    for (const command of commands(s)) {
      for (const role of ROLES) {
        const client = s.clients[role];
        const p = command.shape.payload;
        const first = Object.keys(p)[0] ?? 'blob';
        const attempts: [string, unknown[]][] = [
          ['a Buffer', [blob]],
          ['a Buffer field', [{ ...p, [first]: blob }]],
          ['an extra Buffer', [{ ...p, blob }]],
          ['a nested Buffer', [{ ...p, extra: { deeper: [blob] } }]],
          ['a Uint8Array', [new Uint8Array([1, 2, 3])]],
          ['a Buffer argument', [p, blob]],
        ];
        for (const [label, args] of attempts) {
          const ack = await client.sendRaw(command.event, ...args);
          const problem = judge(command, role, { kind: 'ack', ack });
          if (problem) failures.push(`${command.event} as ${role} with ${label}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
    await check();
  });

  it('refuses ids that every object has: as keys of counts, scores or votes they would vanish', async () => {
    const { s, check } = await setUp();
    const q = { en: 'Q?' };
    for (const id of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
      const options = [
        { id, label: q },
        { id: 'b', label: q },
      ];
      const tries: [string, Record<string, unknown>, string][] = [
        ['poll:create', { id, kind: 'wordcloud', question: q }, 'id'],
        ['poll:create', { kind: 'single', question: q, options }, 'options.0.id'],
        ['crash:entry', { id, name: 'Car', brand: 'B' }, 'id'],
        ['crash:result', { id: 'r9', entryId: 'car1', test: id, score: 50 }, 'test'],
        ['crash:result', { id, entryId: 'car1', test: 'frontal', score: 50 }, 'id'],
      ];
      for (const [event, payload, field] of tries) {
        const ack = await s.room.op.sendRaw(event, payload);
        const fields = ack.ok ? 'ok' : (ack.error.details as { field: string }[]).map((d) => d.field);
        expect({ id, event, fields }).toEqual({ id, event, fields: [field] });
      }
    }
    await check();
  });

  it('closes a connection that sends a broken, reserved or oversized frame, and serves everyone else', async () => {
    const { s, check } = await setUp();
    const frames: [string, (id: number) => string, Buffer?][] = [
      ['broken JSON', (id) => `42${id}["poll:vote",{"pollId":`],
      ['an object, not an array', (id) => `42${id}{"pollId":"live"}`],
      ['no event name', (id) => `42${id}[]`],
      ['a null event name', (id) => `42${id}[null,{}]`],
      ['a reserved name', (id) => `42${id}["disconnect",{}]`],
      ['another reserved name', (id) => `42${id}["newListener",{}]`],
      ['an unknown packet type', (id) => `4${'9'.repeat(30)}${id}`],
      ['an engine close', () => '1'],
      ['binary data first', () => ''],
      ['a missing attachment', (id) => `451-${id}["poll:vote",{"_placeholder":true,"num":0}]`],
      ['an attachment out of range', (id) => `451-${id}["poll:vote",{"_placeholder":true,"num":7}]`, Buffer.from([1])],
      ['an unknown namespace', () => '40/admin,{}'],
      ['a second connect', () => '40{"token":"forged"}'],
      ['an ack nobody asked for', (id) => `43${id}[{"ok":true}]`],
      ['a huge ack id', () => `42${'9'.repeat(300)}["state:sync",{}]`],
      ['a 60 KiB event name', (id) => `42${id}[${JSON.stringify('x'.repeat(60_000))},{}]`],
    ];
    for (const [label, make, attachment] of frames) {
      const raw = await RawSocket.connect(ctx.url, s.ana.token);
      opened.push(raw);
      if (label === 'binary data first') raw.frame(Buffer.from([4, 2, 1]));
      else void raw.packet(make).catch(() => undefined);
      if (attachment) raw.frame(attachment);
      // Either the server closes this connection, or it goes on answering it.
      const answer = raw.emit('state:sync', '{}').then(
        (r) => r.kind,
        (err: Error) => err.message,
      );
      const next = await Promise.race([raw.closed.then(() => 'closed'), answer]);
      expect({ label, next: ['closed', 'ack'].includes(next) ? 'fine' : next }).toEqual({ label, next: 'fine' });
    }
    // Beyond maxHttpBufferSize (64 KiB): that client is disconnected, over WebSocket and polling alike.
    for (const transports of [['websocket'], ['polling']] as const) {
      const big: Client = await connect(ctx.url, s.ana.token, [...transports]);
      opened.push(big);
      const gone = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
      big.emitRaw('qa:ask', { text: 'x'.repeat(70_000) });
      expect(['transport close', 'transport error']).toContain(await gone);
    }
    const raw = await RawSocket.connect(ctx.url, s.room.screenToken);
    opened.push(raw);
    raw.frame(`42["state:sync",${JSON.stringify({ padding: 'x'.repeat(70_000) })}]`);
    await raw.closed;
    await check();
  });
});
