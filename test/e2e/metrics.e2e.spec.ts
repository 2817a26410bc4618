import { FiguresService } from '../../src/ops/figures.service.js';
import { Nginx } from '../cluster/processes.js';
import { http } from '../support/app.js';
import { eventually, stopBucketClock } from './abuse-support.js';
import { deltas, scrape } from './metrics-support.js';
import { MODES, errorOf, okData, openPoll, singlePoll, useApp, vote } from './helpers.js';

/** Per-person burst for this file: enough for every test's own commands, small to reach the limit. */
const BURST = 6;

describe.each(MODES)('GET /metrics (%s)', (mode) => {
  const ctx = useApp(mode, { env: { COMMAND_BURST: String(BURST) } });

  it('is Prometheus text, every series labelled with the node, process metrics and event-loop lag included', async () => {
    const res = await http(ctx.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; .*version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const metrics = await scrape(ctx.url);
    expect(metrics.samples.length).toBeGreaterThan(50);
    expect(metrics.samples.filter((s) => s.labels.node !== ctx.app.config.NODE_ID)).toEqual([]);
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'summit_connections',
      'summit_admission_in_flight',
    ]) {
      expect([name, metrics.has(name)]).toEqual([name, true]);
    }
    expect(metrics.has('summit_redis_up')).toBe(mode === 'redis');
  });

  it('counts every command by name and outcome, refusals and unknown names included, and times each ack', async () => {
    const room = await ctx.room();
    const before = await scrape(ctx.url);
    const ana = await room.member();
    okData(await room.op.send('poll:create', singlePoll('p')));
    okData(await room.op.send('poll:open', { pollId: 'p' }));
    await vote(ana.client, 'p', { optionIds: ['a'] });
    await vote(ana.client, 'p', { optionIds: ['b'] });
    expect(errorOf(await ana.client.send('poll:open', { pollId: 'p' })).code).toBe('FORBIDDEN');
    expect(errorOf(await ana.client.sendRaw('poll:vote', { pollId: 'p', optionIds: 'a' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorOf(await ana.client.sendRaw('poll:nonsense', {})).code).toBe('NOT_FOUND');
    expect(errorOf(await ana.client.sendRaw(`x${'y'.repeat(300)}`)).code).toBe('NOT_FOUND');
    okData(await room.op.send('state:sync', {}));
    const after = await scrape(ctx.url);

    expect(deltas(before, after, 'summit_commands_total', ['command', 'outcome'])).toEqual({
      'poll:create ok': 1,
      'poll:open ok': 1,
      'poll:vote ok': 2,
      'poll:open FORBIDDEN': 1,
      'poll:vote VALIDATION_FAILED': 1,
      'unknown NOT_FOUND': 2,
      'state:sync ok': 1,
    });
    // Every acked known command is timed, refused ones too; unknown names are not.
    expect(deltas(before, after, 'summit_command_duration_seconds_count', ['command'])).toEqual({
      'poll:create': 1,
      'poll:open': 2,
      'poll:vote': 3,
      'state:sync': 1,
    });
    const votes = after.matching('summit_command_duration_seconds_bucket', { command: 'poll:vote', le: '+Inf' });
    expect(votes.map((s) => s.value)).toEqual([
      after.value('summit_command_duration_seconds_count', { command: 'poll:vote' }),
    ]);
    expect(after.value('summit_command_duration_seconds_sum', { command: 'poll:vote' })).toBeGreaterThan(0);
    // The two changes of state (create, open) went through the broadcaster.
    const changes = deltas(before, after, 'summit_broadcast_duration_seconds_count', ['kind']);
    expect(changes.change).toBeGreaterThanOrEqual(2);
  });

  it('counts the commands the per-person limit refuses before any handler runs', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    const clock = stopBucketClock(ctx.app);
    try {
      const before = await scrape(ctx.url);
      const acks = await Promise.all(
        Array.from({ length: BURST + 2 }, () => ana.client.send('reaction:send', { emoji: '👏' })),
      );
      const after = await scrape(ctx.url);
      const codes = acks.map((a) => (a.ok ? 'ok' : a.error.code));
      expect(codes.filter((c) => c === 'ok')).toHaveLength(BURST);
      expect(deltas(before, after, 'summit_commands_total', ['command', 'outcome'])).toEqual({
        'reaction:send ok': BURST,
        'reaction:send RATE_LIMITED': 2,
      });
    } finally {
      clock.restart();
    }
  });

  it('counts HTTP requests by route pattern and status, never by raw path', async () => {
    const room = await ctx.room();
    const before = await scrape(ctx.url);
    const state = `/api/events/${room.id}/state`;
    expect((await http(ctx.url, 'GET', state, undefined, room.opToken)).status).toBe(200);
    expect((await http(ctx.url, 'GET', state)).status).toBe(401);
    expect((await http(ctx.url, 'POST', `/api/events/${room.id}/join`, { name: 'Bo' })).status).toBe(201);
    expect((await http(ctx.url, 'POST', `/api/events/${room.id}/join`, '{"name":')).status).toBe(400);
    expect((await http(ctx.url, 'GET', `/no/such/${room.id}`)).status).toBe(404);
    const after = await scrape(ctx.url);
    const moved = deltas(before, after, 'summit_http_requests_total', ['method', 'route', 'status']);
    expect(moved).toMatchObject({
      'GET /api/events/:id/state 200': 1,
      'GET /api/events/:id/state 401': 1,
      'POST /api/events/:id/join 201': 1,
      'GET other 404': 1,
    });
    // A body that does not parse is refused before the router: counted, under "other".
    expect(moved['POST other 400']).toBe(1);
    expect(Object.keys(moved).filter((k) => k.includes(room.id))).toEqual([]);
    expect(
      after.value('summit_http_request_duration_seconds_count', { route: '/api/events/:id/join' }),
    ).toBeGreaterThan(0);
  });

  it('shows connections per role, the same numbers as the operator figures, and counter ticks', async () => {
    // The earlier tests' sockets are closed by now, or about to be (the server learns it a moment later).
    await eventually(async () => (await scrape(ctx.url)).value('summit_connections') === 0, 'no connections left');
    const room = await ctx.room();
    const people = await room.members(2);
    const connected = await scrape(ctx.url);
    const byRole = Object.fromEntries(connected.matching('summit_connections').map((s) => [s.labels.role, s.value]));
    expect(byRole).toEqual({ audience: 2, operator: 1, screen: 1 });
    const figures = await ctx.app.app.get(FiguresService).figures(room.id);
    expect(figures.connections).toEqual({ audience: 2, operator: 1, screen: 1 });

    await openPoll(room.op, singlePoll('t'));
    await vote(people[0].client, 't', { optionIds: ['a'] });
    await room.op.waitFor('poll:tally', (t) => t.pollId === 't' && t.total === 1);
    const ticked = await scrape(ctx.url);
    expect(ticked.value('summit_tick_duration_seconds_count')).toBeGreaterThan(
      connected.value('summit_tick_duration_seconds_count'),
    );
    expect(deltas(connected, ticked, 'summit_broadcast_duration_seconds_count', ['kind']).counter).toBeGreaterThan(0);

    people[1].client.close();
    await eventually(
      async () =>
        (await scrape(ctx.url)).value('summit_connections', { role: 'audience' }) ===
        connected.value('summit_connections', { role: 'audience' }) - 1,
      'the audience gauge to drop by one',
    );
  });
});

describe('Redis metrics (redis)', () => {
  const ctx = useApp('redis');

  it('shows Redis going away (up 0, errors) and coming back (up 1, reconnects of every connection)', async () => {
    // Just started: the adapter's pub and sub connections may still be on their way.
    await eventually(async () => (await scrape(ctx.url)).value('summit_redis_up') === 1, 'summit_redis_up 1');
    const before = await scrape(ctx.url);
    await ctx.redis.stop();
    // A closed connection is no error; each failed attempt to reconnect is one.
    await eventually(async () => {
      const down = await scrape(ctx.url);
      const failed = deltas(before, down, 'summit_redis_errors_total', ['connection']);
      return down.value('summit_redis_up') === 0 && failed.command > 0 && failed.pubsub > 0;
    }, 'summit_redis_up 0 and failed reconnects');
    await ctx.redis.launch();
    await eventually(async () => (await http(ctx.url, 'GET', '/ready')).status === 200, '/ready 200', 15_000);
    const after = await scrape(ctx.url);
    expect(after.value('summit_redis_up')).toBe(1);
    expect(deltas(before, after, 'summit_redis_reconnects_total', ['connection'])).toEqual({ command: 1, pubsub: 2 });
  });
});

describe('the public entry point (deploy/nginx.conf)', () => {
  const ctx = useApp('embedded');
  let nginx: Nginx | null = null;

  afterAll(async () => {
    await nginx?.stop();
  });

  it('does not serve /metrics; the node itself does', async () => {
    const port = Number(new URL(ctx.url).port);
    nginx = await Nginx.start([port, port, port]);
    expect((await http(nginx.url, 'GET', '/metrics')).status).toBe(403);
    expect((await http(nginx.url, 'GET', '/health')).status).toBe(200);
    expect((await http(ctx.url, 'GET', '/metrics')).status).toBe(200);
  });
});
