import { loadConfig } from '../config/app-config.js';
import { tokenCli } from './token-cli.js';
import { TokenService } from './token.service.js';

const AUTH_SECRET = 'x'.repeat(40);

describe('npm run token', () => {
  const tokens = new TokenService(loadConfig({ AUTH_SECRET }));

  it('mints a token that the server accepts, for the role and event asked', () => {
    const { code, out } = tokenCli(['--role', 'operator', '--event', 'demo', '--name', 'Ana'], { AUTH_SECRET });
    expect(code).toBe(0);
    expect(tokens.verify(out)).toMatchObject({ role: 'operator', eventId: 'demo', name: 'Ana', koc: false });
  });

  it('refuses without the secret, with a bad role, event or ttl', () => {
    expect(tokenCli(['--role', 'operator', '--event', 'demo'], {}).code).toBe(2);
    expect(tokenCli(['--role', 'admin', '--event', 'demo'], { AUTH_SECRET }).out).toMatch(/--role/);
    expect(tokenCli(['--role', 'screen', '--event', 'Bad Id'], { AUTH_SECRET }).out).toMatch(/--event/);
    expect(tokenCli(['--role', 'screen', '--event', 'demo', '--ttl', '5'], { AUTH_SECRET }).out).toMatch(/--ttl/);
    expect(tokenCli(['--bogus'], { AUTH_SECRET }).code).toBe(2);
  });

  it('is not accepted by a server with another secret', () => {
    const { out } = tokenCli(['--role', 'screen', '--event', 'demo'], { AUTH_SECRET: 'y'.repeat(40) });
    expect(() => tokens.verify(out)).toThrow(/not valid/);
  });
});
