import { jest } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';
import type { Identity } from './identity.js';
import { TokenService } from './token.service.js';

const AUTH_SECRET = 'x'.repeat(40);
const config = loadConfig({ AUTH_SECRET });

const ana: Identity = {
  role: 'audience',
  eventId: 'demo',
  id: 'a-ana',
  name: 'Ana',
  country: 'BR',
  locale: 'pt',
  koc: true,
  generation: 2,
};
const plain: Identity = {
  role: 'audience',
  eventId: 'demo',
  id: 'a-ben',
  name: null,
  country: null,
  locale: null,
  koc: false,
  generation: 0,
};

describe('TokenService: tokens this node signed lately', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lets them in as the full check of another node with the same secret does', () => {
    const here = new TokenService(config);
    const elsewhere = new TokenService(config);
    for (const identity of [ana, plain, { ...ana, role: 'operator' as const }]) {
      const token = here.sign(identity);
      expect(here.verify(token)).toEqual(elsewhere.verify(token));
    }
    expect(here.verify(here.sign(plain))).not.toHaveProperty('generation');
    // Found, not decoded: no signature computed, no claims parsed.
    const token = here.sign(ana);
    const decode = jest.spyOn(Buffer, 'from');
    const found = here.verify(token);
    expect(decode).not.toHaveBeenCalled();
    expect(found).toEqual(elsewhere.verify(token));
  });

  it('still refuses one once it has expired', () => {
    const tokens = new TokenService(config);
    const token = tokens.sign(ana, 60);
    expect(tokens.verify(token)).toMatchObject({ id: 'a-ana' });
    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(() => tokens.verify(token)).toThrow(/expired/);
  });

  it('refuses a changed copy of one, and checks in full what it no longer holds', () => {
    const tokens = new TokenService(config);
    const token = tokens.sign(ana);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'operator' })).toString('base64url')}.${signature}`;
    expect(() => tokens.verify(forged)).toThrow(/not valid/);
    // Far more tokens signed since than it keeps: the first is checked by its signature, and passes.
    for (let i = 0; i < 10_000; i++) tokens.sign({ ...plain, id: `a-${i}` });
    const full = jest.spyOn(Buffer, 'from');
    expect(tokens.verify(token)).toMatchObject({ id: 'a-ana', role: 'audience', generation: 2 });
    expect(full).toHaveBeenCalled();
  });
});
