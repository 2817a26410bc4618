import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { JoinRoute } from '../../src/events/join-route.js';
import { InFlight } from '../../src/realtime/in-flight.js';
import { ShutdownService } from '../../src/realtime/shutdown.service.js';
import { ADMIN_KEY, AUTH_SECRET, createEvent } from '../support/app.js';

const ORIGIN = 'https://partner.example';
const JOIN_IP_LIMIT = 8;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Side {
  app: NestExpressApplication;
  host: string;
}

/** The app as main.ts builds it, the lean join route on or off. */
async function boot(leanJoin: boolean, env: Record<string, string> = {}): Promise<Side> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_KEY,
    AUTH_SECRET,
    SEED_DEMO: 'false',
    CORS_ORIGINS: ORIGIN,
    JOIN_IP_LIMIT: String(JOIN_IP_LIMIT),
    ...env,
  });
  const app = await createApp(config, { logger: false, leanJoin });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, host: `127.0.0.1:${port}` };
}

interface Sent {
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** One request on its own connection; `beforeBody` runs once the server holds the request, before its body. */
function send(side: Side, sent: Sent, beforeBody?: () => Promise<void>): Promise<Answer> {
  const [hostname, port] = side.host.split(':');
  return new Promise((resolve, reject) => {
    const body = sent.body ?? '';
    const req = request(
      {
        host: hostname,
        port: Number(port),
        method: 'POST',
        path: sent.path,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...sent.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            headers[res.rawHeaders[i] ?? ''] = res.rawHeaders[i + 1] ?? '';
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    if (!beforeBody) return void req.end(body);
    req.flushHeaders();
    beforeBody().then(
      () => req.end(body),
      (err: unknown) => reject(err instanceof Error ? err : new Error('beforeBody failed')),
    );
  });
}

/**
 * What may differ between two answers to the same request: the date, the port in the CSP, the
 * token and ids the join draws, the time left in a window. Checks what follows from the body
 * (length, ETag as Express computes it) before it is set aside.
 */
function comparable(side: Side, answer: Answer): { status: number; headers: Record<string, string>; body: unknown } {
  const { Date: date, ETag: etag, 'Content-Length': length, ...headers } = answer.headers;
  expect(date).toEqual(expect.any(String));
  expect(Number(length)).toBe(Buffer.byteLength(answer.body));
  const sha1 = createHash('sha1').update(answer.body).digest('base64').substring(0, 27);
  expect(etag).toBe(`W/"${Buffer.byteLength(answer.body).toString(16)}-${sha1}"`);
  for (const name of Object.keys(headers)) headers[name] = (headers[name] ?? '').split(side.host).join('HOST');
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  if (typeof body.token === 'string') body.token = 'TOKEN';
  if (typeof body.audienceId === 'string') body.audienceId = 'ID';
  const details = (body.error as { details?: { retryAfterMs?: unknown } } | undefined)?.details;
  if (details && typeof details.retryAfterMs === 'number') details.retryAfterMs = 'MS';
  return { status: answer.status, headers, body };
}

/** The same request to the lean route and to the controller's; the two answers as compared. */
async function both(lean: Side, framework: Side, sent: Sent): Promise<ReturnType<typeof comparable>> {
  const a = comparable(lean, await send(lean, sent));
  const b = comparable(framework, await send(framework, sent));
  expect(a).toEqual(b);
  return a;
}

async function requestsTotal(side: Side): Promise<string[]> {
  const text = await (await fetch(`http://${side.host}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('summit_http_requests_total{method="POST"'))
    .sort();
}

describe('the lean join route answers as the controller does', () => {
  let lean: Side;
  let framework: Side;

  beforeAll(async () => {
    lean = await boot(true);
    framework = await boot(false);
    for (const side of [lean, framework])
      await createEvent(`http://${side.host}`, 'ev-lean', { inviteCodes: ['KOC-1234'] });
  });
  afterAll(async () => {
    await lean?.app.close();
    await framework?.app.close();
  });

  it('gives the same status, headers and body for a join and for every refusal', async () => {
    const path = '/api/events/ev-lean/join';
    const serve = jest.spyOn(JoinRoute.prototype, 'serve');
    const ok = await both(lean, framework, {
      path,
      body: JSON.stringify({ name: ' Ana ', country: 'pt', inviteCode: 'KOC-1234' }),
      headers: { origin: ORIGIN },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ eventId: 'ev-lean', koc: true });
    expect(ok.headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
    expect(ok.headers['Content-Security-Policy']).toContain('ws://HOST');
    expect((await both(lean, framework, { path, body: '' })).status).toBe(201);
    expect(
      (
        await both(lean, framework, {
          path,
          body: '{}',
          headers: { 'content-type': 'application/json; charset=UTF-8' },
        })
      ).status,
    ).toBe(201);

    const refusals: [string, Sent, number][] = [
      ['bad JSON', { path, body: '{"name":' }, 400],
      ['a scalar', { path, body: ' "Ana"' }, 400],
      ['a byte order mark', { path, body: '\uFEFF{"name":"Ana"}' }, 201],
      ['wrong content type', { path, body: '{}', headers: { 'content-type': 'text/plain' } }, 400],
      ['a charset', { path, body: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }, 415],
      ['too large', { path, body: JSON.stringify({ name: 'Ana', padding: 'x'.repeat(70 * 1024) }) }, 413],
      ['unknown event', { path: '/api/events/no-such-event/join', body: '{}' }, 404],
      ['validation failure', { path, body: JSON.stringify({ name: 5, extra: true }) }, 400],
    ];
    for (const [label, sent, status] of refusals) {
      const answer = await both(lean, framework, sent);
      expect({ label, status: answer.status }).toEqual({ label, status });
    }

    // Rate limited: both have counted the same joins from this address.
    let limited: ReturnType<typeof comparable> | null = null;
    for (let i = 0; i <= JOIN_IP_LIMIT && limited === null; i++) {
      const answer = await both(lean, framework, { path, body: '{}' });
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.headers['Retry-After']).toMatch(/^\d+$/);
    expect(limited?.body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });

    expect(await requestsTotal(lean)).toEqual(await requestsTotal(framework));
    // The lean app read most of them itself (not the charsets, encodings or sizes it hands over).
    expect(serve.mock.results.filter((r) => r.value === true).length).toBeGreaterThanOrEqual(8);
    serve.mockRestore();
  });
});

describe('the lean join route while the node drains', () => {
  let lean: Side;
  let framework: Side;
  const env = { DRAIN_RECONNECT_MS: '200', SHUTDOWN_GRACE_MS: '5000' };

  beforeAll(async () => {
    lean = await boot(true, env);
    framework = await boot(false, env);
    for (const side of [lean, framework]) await createEvent(`http://${side.host}`, 'ev-drain');
  });
  afterAll(async () => {
    await lean?.app.close();
    await framework?.app.close();
  });

  it('answers a join that arrived before the drain the same way, keep-alive off', async () => {
    const sent: Sent = { path: '/api/events/ev-drain/join', body: '{"name":"Bo"}' };
    const answers: ReturnType<typeof comparable>[] = [];
    const drains: Promise<void>[] = [];
    for (const side of [lean, framework]) {
      const inFlight = side.app.get(InFlight);
      const answer = await send(side, sent, async () => {
        while (inFlight.size === 0) await new Promise((r) => setTimeout(r, 5));
        drains.push(side.app.get(ShutdownService).drain('test'));
      });
      answers.push(comparable(side, answer));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.status).toBe(201);
    expect(answers[0]?.headers.Connection).toBe('close');
    await Promise.all(drains);
  });
});
