import { createEvent, staffToken, startApp, type TestApp } from '../support/app.js';
import { eventually, expectTooMany, handshakeAs, joinAs, type Handshake } from './abuse-support.js';
import { MODES, useApp } from './helpers.js';
import { deltas, scrape } from './metrics-support.js';
import { IpLimits } from '../../src/limits/ip-limits.js';

const JOINS = 3;
const SOCKETS = 2;
const LIMITS = { JOIN_IP_LIMIT: String(JOINS), SOCKETS_PER_IP: String(SOCKETS) };

/** Joins that must all be let in (201). */
async function joinsLetIn(url: string, eventId: string, from: (i: number) => string | undefined, n: number) {
  for (let i = 0; i < n; i++) expect((await joinAs(url, eventId, from(i))).status).toBe(201);
}

function closeAll(shakes: Handshake[]): void {
  for (const s of shakes) s.socket.disconnect();
}

describe.each(MODES)('limits per client address, no proxy trusted (%s)', (mode) => {
  const ctx = useApp(mode, { env: LIMITS });

  it('refuses joins beyond JOIN_IP_LIMIT with 429, Retry-After and RATE_LIMITED; X-Forwarded-For is ignored', async () => {
    const id = ctx.newEventId();
    const other = ctx.newEventId();
    await createEvent(ctx.url, id);
    await createEvent(ctx.url, other);
    await joinsLetIn(ctx.url, id, (i) => `203.0.113.${i}`, JOINS - 1);
    await joinsLetIn(ctx.url, other, () => undefined, 1);
    const before = await scrape(ctx.url);
    // Any client can write X-Forwarded-For: without TRUST_PROXY it names nobody.
    const { retryAfterMs } = expectTooMany(await joinAs(ctx.url, id, '198.51.100.7'));
    expect(retryAfterMs).toBeGreaterThan(0);
    expectTooMany(await joinAs(ctx.url, other));
    expect(deltas(before, await scrape(ctx.url), 'summit_abuse_refused_total', ['reason'])).toEqual({
      joins_per_ip: 2,
    });
  });

  it('refuses a socket beyond SOCKETS_PER_IP with RATE_LIMITED, and lets one in when one closes', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    const token = await staffToken(ctx.url, id, 'screen');
    const open = [await handshakeAs(ctx.url, token), await handshakeAs(ctx.url, token, '198.51.100.8')];
    expect(open.map((s) => s.outcome)).toEqual(['connected', 'connected']);
    const before = await scrape(ctx.url);
    const refused = await handshakeAs(ctx.url, token, '198.51.100.9');
    expect(refused.outcome).toBe('RATE_LIMITED');
    expect(deltas(before, await scrape(ctx.url), 'summit_abuse_refused_total', ['reason'])).toEqual({
      sockets_per_ip: 1,
    });
    expect(refused.data?.retryAfterMs).toBeGreaterThan(0);
    open[0]?.socket.disconnect();
    const limits = ctx.app.app.get(IpLimits);
    await eventually(() => limits.socketsOf('127.0.0.1') < SOCKETS, 'the server to see the socket go');
    const again = await handshakeAs(ctx.url, token);
    expect(again.outcome).toBe('connected');
    closeAll([...open, again]);
  });
});

describe.each(MODES)('limits per client address behind a proxy: TRUST_PROXY=1 (%s)', (mode) => {
  const ctx = useApp(mode, { env: { ...LIMITS, TRUST_PROXY: '1' } });

  it('counts joins by the address the proxy names, the last hop (what a client writes before it is not trusted)', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    await joinsLetIn(ctx.url, id, () => '10.1.0.1', JOINS);
    expectTooMany(await joinAs(ctx.url, id, '10.1.0.1'));
    expectTooMany(await joinAs(ctx.url, id, '6.6.6.6, 10.1.0.1'));
    await joinsLetIn(ctx.url, id, () => '10.1.0.2', 1);
    await joinsLetIn(ctx.url, id, () => '10.1.0.1, 10.1.0.3', 1);
  });

  it('counts IPv6 clients by their /64, and IPv4-mapped addresses as IPv4', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    await joinsLetIn(ctx.url, id, (i) => `2001:db8:1:2::${i + 1}`, JOINS);
    expectTooMany(await joinAs(ctx.url, id, '2001:db8:1:2:ffff:1:2:3'));
    await joinsLetIn(ctx.url, id, () => '2001:db8:1:3::1', 1);
    await joinsLetIn(ctx.url, id, () => '10.1.0.9', JOINS - 1);
    await joinsLetIn(ctx.url, id, () => '::ffff:10.1.0.9', 1);
    expectTooMany(await joinAs(ctx.url, id, '10.1.0.9'));
    expectTooMany(await joinAs(ctx.url, id, '::ffff:10.1.0.9'));
  });

  it('caps sockets by the address the proxy names, in the handshake headers', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    const token = await staffToken(ctx.url, id, 'screen');
    const open = [await handshakeAs(ctx.url, token, '10.2.0.1'), await handshakeAs(ctx.url, token, '10.2.0.1')];
    const refused = await handshakeAs(ctx.url, token, '10.2.0.1');
    const elsewhere = await handshakeAs(ctx.url, token, '10.2.0.2');
    expect([...open, refused, elsewhere].map((s) => s.outcome)).toEqual([
      'connected',
      'connected',
      'RATE_LIMITED',
      'connected',
    ]);
    closeAll([...open, elsewhere]);
  });
});

describe('joins per client address hold across nodes (redis, two nodes)', () => {
  let second: TestApp | null = null;
  // Declared before useApp's, so that it runs first: this node closes while Redis is still up.
  afterAll(async () => {
    await second?.close();
  });
  const ctx = useApp('redis', { env: LIMITS });
  beforeAll(async () => {
    second = await startApp({ ...LIMITS, REDIS_URL: ctx.redis.url });
  });

  it('counts the joins of one address on every node together', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    const other = (second as TestApp).url;
    expect((await joinAs(ctx.url, id)).status).toBe(201);
    expect((await joinAs(other, id)).status).toBe(201);
    expect((await joinAs(ctx.url, id)).status).toBe(201);
    expectTooMany(await joinAs(other, id));
    expectTooMany(await joinAs(ctx.url, id));
  });
});
