import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { AUTH_SECRET, Client, http } from '../support/app.js';
import { MODES, handshake, singlePoll, sync, useApp } from '../e2e/helpers.js';
import { RawSocket } from './hostile.js';
import { GENEROUS_LIMITS } from './staged.js';
import type { ErrorBody } from '../support/protocol.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (alg: 'sha256' | 'sha384' | 'sha512', data: string, key: string): string =>
  createHmac(alg, key).update(data).digest('base64url');
const RSA = generateKeyPairSync('rsa', { modulusLength: 2048 });
const GHOST = 'no-such-event';

/** A JWT made by hand, so that header, claims and signature can each lie. */
function craft(header: Record<string, unknown>, claims: Record<string, unknown>, signature: (data: string) => string) {
  const data = `${b64(header)}.${b64(claims)}`;
  return `${data}.${signature(data)}`;
}

/** Tokens that must never get in, each with a rightly signed twin (`good`) to show what they change. */
function badTokens(eventId: string, screenToken: string): { good: string; ghost: string; bad: [string, unknown][] } {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'o-forger', role: 'operator', ev: eventId, iss: 'summit-live', iat: now, exp: now + 3600 };
  const hs256 = (c: Record<string, unknown>): string =>
    craft({ alg: 'HS256', typ: 'JWT' }, c, (d) => hmac('sha256', d, AUTH_SECRET));
  const good = hs256(claims);
  const [sh, , ss] = screenToken.split('.');
  const long = jwt.sign({ ...claims, name: 'x'.repeat(10_000) }, AUTH_SECRET, { algorithm: 'HS256' });
  return {
    good,
    ghost: hs256({ ...claims, ev: GHOST }),
    bad: [
      ['another secret', craft({ alg: 'HS256' }, claims, (d) => hmac('sha256', d, `${AUTH_SECRET}-not`))],
      [
        'a screen token made operator',
        `${sh}.${b64({ ...(jwt.decode(screenToken) as object), role: 'operator' })}.${ss}`,
      ],
      ['expired', hs256({ ...claims, iat: now - 7200, exp: now - 60 })],
      ['not valid yet', hs256({ ...claims, nbf: now + 3600 })],
      ['alg none', craft({ alg: 'none', typ: 'JWT' }, claims, () => '')],
      [
        'alg none, signature kept',
        craft({ alg: 'none' }, claims, (d) => hmac('sha256', d.replace(/^[^.]*/, b64({ alg: 'HS256' })), AUTH_SECRET)),
      ],
      ['alg NONE', craft({ alg: 'NONE' }, claims, () => '')],
      ['HS512 with the secret', craft({ alg: 'HS512' }, claims, (d) => hmac('sha512', d, AUTH_SECRET))],
      ['HS384 with the secret', craft({ alg: 'HS384' }, claims, (d) => hmac('sha384', d, AUTH_SECRET))],
      [
        'RS256 with a key of its own',
        craft({ alg: 'RS256' }, claims, (d) => rsaSign('sha256', Buffer.from(d), RSA.privateKey).toString('base64url')),
      ],
      ['RS256 header, HMAC signature', craft({ alg: 'RS256' }, claims, (d) => hmac('sha256', d, AUTH_SECRET))],
      ['wrong issuer', hs256({ ...claims, iss: 'someone-else' })],
      ['no issuer', hs256({ ...claims, iss: undefined })],
      ['role admin', hs256({ ...claims, role: 'admin' })],
      ['role Operator', hs256({ ...claims, role: 'Operator' })],
      ['role as a list', hs256({ ...claims, role: ['operator'] })],
      ['no role', hs256({ ...claims, role: undefined })],
      ['no event', hs256({ ...claims, ev: undefined })],
      ['a numeric event', hs256({ ...claims, ev: 7 })],
      ['no subject', hs256({ ...claims, sub: undefined })],
      ['10 KB, rightly signed', long],
      ['10 KB of padding', `${good}${'A'.repeat(10_000)}`],
      ['a space inside', `${good.slice(0, 20)} ${good.slice(20)}`],
      ['garbage', 'a.b.c'],
      ['dots', '...'],
      ['empty', ''],
      ['Bearer twice', `Bearer ${good}`],
      ['unicode', '🙂.🙂.🙂'],
      ['a number', 42],
      ['an object', { token: good }],
      ['a list', [good]],
      ['null', null],
    ],
  };
}

describe.each(MODES)('tokens (%s)', (mode) => {
  const ctx = useApp(mode, { env: { ...GENEROUS_LIMITS, BOARD_TOP_N: '2' } });

  it('refuses forged, expired, none, HS512, RS256, wrong-issuer, wrong-role, unknown-event, garbage and huge tokens', async () => {
    const room = await ctx.room();
    const { good, ghost, bad } = badTokens(room.id, room.screenToken);
    expect(await handshake(ctx.url, good)).toBe('connected');
    expect((await http(ctx.url, 'GET', `/api/events/${room.id}/state`, undefined, good)).status).toBe(200);
    const answers: string[] = [];
    for (const [label, token] of bad) {
      const shaken =
        typeof token === 'string'
          ? await handshake(ctx.url, token)
          : await RawSocket.connect(ctx.url, token).then(
              (s) => (s.close(), 'connected'),
              (err: Error) => (/UNAUTHORIZED/.test(err.message) ? 'UNAUTHORIZED' : err.message),
            );
      const rest: string[] = [];
      // HTTP headers carry Latin-1 only: the others cannot even be sent.
      if (typeof token === 'string' && /^[\x20-\x7e]*$/.test(token)) {
        for (const [method, path, body] of [
          ['GET', `/api/events/${room.id}/state`, undefined],
          ['GET', `/api/events/${room.id}/crash/board`, undefined],
          ['POST', `/api/events/${room.id}/polls`, singlePoll('forged')],
        ] as const) {
          const res = await http<{ error?: ErrorBody }>(ctx.url, method, path, body, token);
          rest.push(`${res.status} ${res.body.error?.code}`);
        }
      }
      answers.push(`${label}: ${shaken} ${rest.join(', ')}`);
    }
    expect(answers).toEqual(
      bad.map(([label, token]) => {
        const rest = typeof token === 'string' && /^[\x20-\x7e]*$/.test(token) ? Array(3).fill('401 UNAUTHORIZED') : [];
        return `${label}: UNAUTHORIZED ${rest.join(', ')}`;
      }),
    );
    expect((await sync(room.op)).polls).toEqual([]);
    // Rightly signed, for an event nobody created (the token CLI signs any id): refused as well,
    // on its own event's routes too, rather than writing into an event that does not exist.
    expect(await handshake(ctx.url, ghost)).toBe('UNAUTHORIZED');
    for (const [method, path, body] of [
      ['GET', 'state', undefined],
      ['GET', 'crash/board', undefined],
      ['POST', 'polls', singlePoll('ghostly')],
      ['POST', 'stage/cue', { kind: 'clear' }],
    ] as const) {
      const res = await http<{ error?: ErrorBody }>(ctx.url, method, `/api/events/${GHOST}/${path}`, body, ghost);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status: 401,
        code: 'UNAUTHORIZED',
      });
    }
  });

  it("keeps a token to its own event: another event's routes say 403 and its socket hears nothing of it", async () => {
    const a = await ctx.room();
    const b = await ctx.room();
    const ana = await a.member();
    for (const token of [ana.token, a.screenToken, a.opToken]) {
      for (const path of [`/api/events/${b.id}/state`, `/api/events/${b.id}/crash/board`]) {
        const res = await http<{ error?: ErrorBody }>(ctx.url, 'GET', path, undefined, token);
        expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
          path,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
    }
    // The handshake takes the event from the token, whatever else the client claims.
    const socket = io(ctx.url, {
      auth: { token: a.screenToken, eventId: b.id, role: 'operator' },
      query: { eventId: b.id },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const claimed = new Client(socket);
    expect(await claimed.waitFor('state')).toMatchObject({
      eventId: a.id,
      role: 'screen',
    });
    await b.op.send('stage:cue', { kind: 'announcement', title: 'Only for B' });
    await a.op.send('stage:cue', { kind: 'announcement', title: 'Only for A' });
    await claimed.waitFor('stage:cue');
    await sync(claimed);
    expect(claimed.messages('stage:cue').map((m) => m.cue.title)).toEqual(['Only for A']);
    expect((await claimed.send('stage:cue', { kind: 'clear' })).ok).toBe(false);
    claimed.close();
  });
});
