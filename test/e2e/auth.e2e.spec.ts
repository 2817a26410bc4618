import jwt from 'jsonwebtoken';
import { ADMIN_KEY, AUTH_SECRET, call, http, join, type Call } from '../support/app.js';
import {
  MODES,
  detailFields,
  drain,
  errorOf,
  handshake,
  okData,
  openPoll,
  seqTrail,
  singlePoll,
  stable,
  sync,
  useApp,
  vote,
} from './helpers.js';
import type { ErrorBody, Role } from '../support/protocol.js';

/** Signs like the server does (HS256, issuer summit-live); `exp` in the claims overrides the hour. */
const sign = (claims: Record<string, unknown>, secret: string): string =>
  jwt.sign(claims, secret, !('exp' in claims) ? { issuer: 'summit-live', expiresIn: 3600 } : { issuer: 'summit-live' });

/** Each command with a payload its own role could send, and the roles that may send it. */
const COMMANDS: (Call & { allowed: Role })[] = [
  { ...call('poll:create', singlePoll('new')), allowed: 'operator' },
  { ...call('poll:open', { pollId: 'draft' }), allowed: 'operator' },
  { ...call('poll:close', { pollId: 'open' }), allowed: 'operator' },
  { ...call('poll:reveal', { pollId: 'open' }), allowed: 'operator' },
  { ...call('poll:vote', { pollId: 'open', optionIds: ['a'] }), allowed: 'audience' },
  { ...call('stage:cue', { kind: 'announcement', title: 'Hi' }), allowed: 'operator' },
  { ...call('reaction:send', { emoji: '👍' }), allowed: 'audience' },
];
const ROLES: Role[] = ['audience', 'operator', 'screen'];

describe.each(MODES)('identities and tokens (%s)', (mode) => {
  const ctx = useApp(mode);

  it('refuses a missing, forged, expired, malformed or unknown-event token at the handshake', async () => {
    const room = await ctx.room();
    const claims = { sub: 'o-x', role: 'operator', ev: room.id };
    const refused = (token: string | undefined): Promise<string> => handshake(ctx.url, token);
    expect(await refused(undefined)).toBe('UNAUTHORIZED');
    expect(await refused('')).toBe('UNAUTHORIZED');
    expect(await refused('not-a-jwt')).toBe('UNAUTHORIZED');
    expect(await refused(sign(claims, 'another-secret-of-the-same-length-0123456'))).toBe('UNAUTHORIZED');
    const past = Math.floor(Date.now() / 1000) - 60;
    expect(await refused(sign({ ...claims, exp: past }, AUTH_SECRET))).toBe('UNAUTHORIZED');
    expect(await refused(sign({ ...claims, ev: 'no-such-event' }, AUTH_SECRET))).toBe('UNAUTHORIZED');
    expect(await refused(sign({ ...claims, role: 'admin' }, AUTH_SECRET))).toBe('UNAUTHORIZED');
    // The same claims, rightly signed, do connect; over polling as well.
    expect(await refused(sign(claims, AUTH_SECRET))).toBe('connected');
    const polling = await ctx.connect(room.screenToken, ['polling']);
    expect((await sync(polling)).role).toBe('screen');
  });

  it('refuses every command with FORBIDDEN for every role that may not send it, changing nothing', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    okData(await room.op.send('poll:create', singlePoll('draft')));
    await openPoll(room.op, singlePoll('open'));
    const clients = { audience: ana.client, operator: room.op, screen: room.screen };
    const before = await stable(room.op);
    const audienceBefore = await stable(ana.client);
    for (const { event, send, allowed } of COMMANDS) {
      for (const role of ROLES.filter((r) => r !== allowed)) {
        const error = errorOf(await send(clients[role]));
        expect({ event, role, code: error.code }).toEqual({ event, role, code: 'FORBIDDEN' });
        // Role checks come first: a bad payload from a role that may not send it is FORBIDDEN too.
        expect(errorOf(await clients[role].sendRaw(event, 'junk')).code).toBe('FORBIDDEN');
      }
    }
    expect(await stable(room.op)).toEqual(before);
    expect(await stable(ana.client)).toEqual(audienceBefore);
    for (const c of [room.op, room.screen, ana.client]) {
      await drain(c);
      expect(seqTrail(c).at(-1)).toBe(before.seq);
    }
  });

  it('joins: 404 for an unknown event, 400 for a bad body, KOC through an invite code', async () => {
    const id = ctx.newEventId();
    const created = await http<{ id: string; inviteCodes: string[] }>(
      ctx.url,
      'POST',
      '/api/events',
      { id, name: 'Forum', inviteCodes: ['KOC-2025'] },
      ADMIN_KEY,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, name: 'Forum' });

    const unknown = await http<{ ok: false; error: ErrorBody }>(ctx.url, 'POST', '/api/events/nope-404/join', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad: [Record<string, unknown> | unknown[], string][] = [
      [{ country: 'XX' }, 'country'],
      [{ name: 'x'.repeat(41) }, 'name'],
      [{ name: 42 }, 'name'],
      [{ locale: 'not a locale!' }, 'locale'],
      [{ isAdmin: true }, 'isAdmin'],
      [['a'], '(payload)'],
    ];
    for (const [body, field] of bad) {
      const res = await http<{ ok: false; error: ErrorBody }>(ctx.url, 'POST', `/api/events/${id}/join`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(detailFields(res.body.error)).toContain(field);
    }

    const koc = await join(ctx.url, id, { name: 'Kim', country: 'kr', inviteCode: 'KOC-2025' });
    expect(koc).toMatchObject({ eventId: id, koc: true, audienceId: expect.any(String) as unknown });
    const kim = await ctx.connect(koc.token);
    expect((await sync(kim)).me).toMatchObject({ id: koc.audienceId, name: 'Kim', country: 'KR', koc: true });
    const plain = await join(ctx.url, id, { inviteCode: 'WRONG-CODE' });
    expect(plain.koc).toBe(false);
    expect((await sync(await ctx.connect(plain.token))).me).toMatchObject({ id: plain.audienceId, koc: false });
  });

  it('guards the admin routes with the admin key (401), and each event against the tokens of another (403)', async () => {
    const a = await ctx.room();
    const b = await ctx.room();
    for (const key of [undefined, 'wrong-admin-key-0123456789', a.opToken]) {
      const ev = await http<{ error: ErrorBody }>(ctx.url, 'POST', '/api/events', { id: 'x-401', name: 'X' }, key);
      expect(ev.status).toBe(401);
      expect(ev.body.error.code).toBe('UNAUTHORIZED');
      const tok = await http<{ error: ErrorBody }>(
        ctx.url,
        'POST',
        '/api/auth/token',
        { role: 'operator', eventId: a.id, name: 'Eve' },
        key,
      );
      expect(tok.status).toBe(401);
    }
    await openPoll(b.op, singlePoll('bp'));
    const bBefore = await stable(b.op);
    const routes: [string, string, unknown][] = [
      ['GET', `/api/events/${b.id}/state`, undefined],
      ['POST', `/api/events/${b.id}/polls`, singlePoll('sneaky')],
      ['POST', `/api/events/${b.id}/polls/bp/close`, undefined],
      ['POST', `/api/events/${b.id}/polls/bp/reveal`, undefined],
      ['GET', `/api/events/${b.id}/polls/bp/results.csv`, undefined],
      ['POST', `/api/events/${b.id}/stage/cue`, { kind: 'announcement', title: 'Hijack' }],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [a.opToken, a.screenToken]) {
        const res = await http<{ ok: boolean; error: ErrorBody }>(ctx.url, method, path, body, token);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    expect(await stable(b.op)).toEqual(bBefore);
  });

  it('restores me and myVotes on a reconnect with the same audience token; a revote replaces', async () => {
    const room = await ctx.room();
    const joined = await join(ctx.url, room.id, { name: 'Ana', country: 'ES', locale: 'es-ES' });
    const first = await ctx.connect(joined.token);
    await openPoll(room.op, singlePoll('p'));
    await openPoll(room.op, { id: 'r', kind: 'rating', question: { en: 'Rate' } });
    await vote(first, 'p', { optionIds: ['a'] });
    await vote(first, 'r', { value: 4 });
    const me = { id: joined.audienceId, name: 'Ana', country: 'ES', koc: false };
    first.close();

    const again = await ctx.connect(joined.token);
    const state = again.messages('state')[0];
    expect(state.me).toMatchObject(me);
    expect(state.myVotes).toEqual({ p: { optionIds: ['a'] }, r: { value: 4 } });
    await vote(again, 'p', { optionIds: ['b'] });
    const closed = okData(await room.op.send('poll:close', { pollId: 'p' }));
    expect(closed.tally).toMatchObject({ total: 1, counts: { a: 0, b: 1, c: 0 } });
    expect((await sync(again)).myVotes).toEqual({ p: { optionIds: ['b'] }, r: { value: 4 } });
  });
});
