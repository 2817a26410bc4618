import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WEB_ROOT } from '../../src/web/web-root.js';
import { createEvent } from '../support/app.js';
import { post } from './abuse-support.js';
import { MODES, useApp } from './helpers.js';

const ALLOWED = 'https://partner.example';
const OTHER = 'https://evil.example';

/** The CSP source of index.html's inline <style> (the only inline code any page has). */
function indexStyleSource(): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(readFileSync(`${WEB_ROOT}index.html`, 'utf8'))?.[1] ?? '';
  return `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
}

function directives(csp: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

function preflight(url: string, path: string, origin: string): Promise<Response> {
  return fetch(url + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
}

describe.each(MODES)('HTTP hardening (%s)', (mode) => {
  const ctx = useApp(mode, { env: { CORS_ORIGINS: ALLOWED } });

  it('sends security headers on pages and API answers, with a CSP the pages work under', async () => {
    for (const path of ['/', '/e/demo', '/operator', '/screen', '/health', '/api/events/none/state']) {
      const res = await fetch(ctx.url + path);
      const h = res.headers;
      expect({ path, nosniff: h.get('x-content-type-options') }).toEqual({ path, nosniff: 'nosniff' });
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('x-powered-by')).toBeNull();
      const csp = directives(h.get('content-security-policy'));
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['script-src-attr']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'self'"]);
      expect(csp['img-src']).toEqual(["'self'", 'data:']);
      expect(csp['style-src']).toEqual(["'self'", indexStyleSource()]);
      const host = new URL(ctx.url).host;
      expect(csp['connect-src']).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      // A venue may serve plain http: nothing may force https on its sub-resources.
      expect(csp['upgrade-insecure-requests']).toBeUndefined();
    }
  });

  it('answers CORS for the configured origins only, on the API and on the Socket.IO endpoint', async () => {
    const allowed = await preflight(ctx.url, '/api/events/x/join', ALLOWED);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const denied = await preflight(ctx.url, '/api/events/x/join', OTHER);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const polling = '/socket.io/?EIO=4&transport=polling';
    const fromAllowed = await fetch(ctx.url + polling, { headers: { origin: ALLOWED } });
    expect(fromAllowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const fromOther = await fetch(ctx.url + polling, { headers: { origin: OTHER } });
    expect(fromOther.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body beyond 64 KiB with 413 and the VALIDATION_FAILED body, and changes nothing', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    const huge = { name: 'Ana', padding: 'x'.repeat(70 * 1024) };
    const res = await post(ctx.url, `/api/events/${id}/join`, huge);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.any(String) as unknown },
    });
    const created = await post(ctx.url, '/api/events', { id: `${id}-big`, name: 'x'.repeat(70 * 1024) });
    expect(created.status).toBe(413);
    expect((await post(ctx.url, `/api/events/${id}-big/join`, {})).status).toBe(404);
  });
});

describe('CORS without CORS_ORIGINS (embedded)', () => {
  const ctx = useApp('embedded');

  it('allows no other origin: same origin only', async () => {
    const res = await preflight(ctx.url, '/api/events/x/join', ALLOWED);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const polling = await fetch(`${ctx.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: ALLOWED } });
    expect(polling.headers.get('access-control-allow-origin')).toBeNull();
  });
});
