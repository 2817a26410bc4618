import jwt from 'jsonwebtoken';
import { errorCode } from '../../test/support/unit.js';
import { TokenService } from '../auth/token.service.js';
import { loadConfig } from '../config/app-config.js';
import { EventsService } from './events.service.js';
import { MemoryEventStore } from './store/memory-event.store.js';

const SECRET = 'unit-test-secret-0123456789-0123456789';
const config = loadConfig({ ADMIN_KEY: 'unit-test-admin-key', AUTH_SECRET: SECRET, TOKEN_TTL: '3600' });

describe('EventsService and TokenService', () => {
  let store: MemoryEventStore;
  let tokens: TokenService;
  let events: EventsService;

  beforeEach(async () => {
    store = new MemoryEventStore();
    tokens = new TokenService(config);
    events = new EventsService(store, tokens);
    await events.create({ id: 'summit', name: 'Summit', inviteCodes: ['KOC-1'] });
  });

  it('creates an event with moderation on by default, and refuses the same id twice', async () => {
    expect(await store.get('summit')).toMatchObject({ id: 'summit', moderation: true, inviteCodes: ['KOC-1'] });
    expect(await errorCode(events.create({ id: 'summit', name: 'Again', moderation: false }))).toBe('CONFLICT');
    expect(await store.get('summit')).toMatchObject({ name: 'Summit', moderation: true });
  });

  it('joins a person whose token is their identity; only a known invite code gives the KOC badge', async () => {
    const ana = await events.join('summit', { name: 'Ana', country: 'ES', locale: 'es', inviteCode: 'KOC-1' });
    const bo = await events.join('summit', { inviteCode: 'guess' });
    expect([ana.koc, bo.koc]).toEqual([true, false]);
    expect(ana.audienceId).not.toBe(bo.audienceId);
    expect(tokens.verify(ana.token)).toEqual({
      role: 'audience',
      eventId: 'summit',
      id: ana.audienceId,
      name: 'Ana',
      country: 'ES',
      locale: 'es',
      koc: true,
    });
    expect(await events.people('summit', [ana.audienceId, bo.audienceId])).toEqual({
      [ana.audienceId]: {
        id: ana.audienceId,
        name: 'Ana',
        country: 'ES',
        koc: true,
        joinedAt: expect.any(Number) as unknown,
      },
      [bo.audienceId]: {
        id: bo.audienceId,
        name: null,
        country: null,
        koc: false,
        joinedAt: expect.any(Number) as unknown,
      },
    });
    expect(await errorCode(events.join('nowhere', {}))).toBe('NOT_FOUND');
  });

  it('issues staff tokens for known events only', async () => {
    const { token } = await events.issueToken({ role: 'screen', eventId: 'summit', name: 'Hall A' });
    expect(tokens.verify(token)).toMatchObject({ role: 'screen', eventId: 'summit', name: 'Hall A', koc: false });
    expect(await errorCode(events.issueToken({ role: 'operator', eventId: 'nowhere', name: 'x' }))).toBe('NOT_FOUND');
  });

  it('refuses missing, forged, expired, foreign and malformed tokens', async () => {
    const { token } = await events.issueToken({ role: 'operator', eventId: 'summit', name: 'Op' });
    const claims = { sub: 'o-1', role: 'operator', ev: 'summit' };
    const refused = [
      undefined,
      '',
      42,
      'x'.repeat(5000),
      token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'),
      jwt.sign(claims, 'another-secret-0123456789-0123456789', { algorithm: 'HS256', issuer: 'summit-live' }),
      jwt.sign(claims, SECRET, { algorithm: 'HS256', issuer: 'someone-else' }),
      jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, { issuer: 'summit-live' }),
      jwt.sign({ ...claims, role: 'admin' }, SECRET, { algorithm: 'HS256', issuer: 'summit-live' }),
      jwt.sign({ role: 'operator', ev: 'summit' }, SECRET, { algorithm: 'HS256', issuer: 'summit-live' }),
    ];
    for (const bad of refused) expect(await errorCode(() => tokens.verify(bad))).toBe('UNAUTHORIZED');
    expect(tokens.verify(token).role).toBe('operator');
  });

  it('checks the admin key exactly', () => {
    expect(tokens.isAdminKey('unit-test-admin-key')).toBe(true);
    expect(tokens.isAdminKey('unit-test-admin-ke')).toBe(false);
    expect(tokens.isAdminKey('')).toBe(false);
  });
});
