import { call, type Client } from '../support/app.js';
import { BENCH_MS, KICK_AFTER } from '../../src/limits/command-limits.js';
import { handshakeAs, stopBucketClock } from './abuse-support.js';
import { deltas, scrape } from './metrics-support.js';
import { ask, forumState, upvote } from './forum-support.js';
import { MODES, errorOf, okData, openPoll, singlePoll, sync, until, useApp, vote } from './helpers.js';
import type { ErrorBody } from '../support/protocol.js';

const BURST = 4;
const SYNCS = 3;

/** Spends what is left of a person's budget on commands that change nothing that is checked. */
async function spend(
  client: Client,
  command: 'crash:standing' | 'reaction:send' = 'crash:standing',
  left = BURST,
): Promise<void> {
  const spent = command === 'reaction:send' ? call(command, { emoji: '👍' }) : call(command, {});
  for (let i = 0; i < left; i++) okData(await spent.send(client));
}

/** RATE_LIMITED, with the time to wait until the next command would be let in. */
function expectLimited(error: ErrorBody): void {
  expect(error.code).toBe('RATE_LIMITED');
  expect((error.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
}

function reactionsSeen(client: Client, emoji: string): number {
  return client.messages('reaction:burst').reduce((n, b) => n + (b.counts[emoji] ?? 0), 0);
}

describe.each(MODES)('per-person command limits (%s)', (mode) => {
  const ctx = useApp(mode, { env: { COMMAND_BURST: String(BURST), SYNC_LIMIT: String(SYNCS) } });
  let clock: ReturnType<typeof stopBucketClock> | null = null;
  // The buckets do not refill while a test runs, but when it moves the clock: every count is exact.
  beforeEach(() => (clock = stopBucketClock(ctx.app)));
  afterEach(() => clock?.restart());

  it('poll:vote: refused beyond the budget, nothing counted; another person votes', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    const poll = await openPoll(room.op, singlePoll('p1'));
    await spend(ana.client);
    expectLimited(errorOf(await ana.client.send('poll:vote', { pollId: poll.id, optionIds: ['a'] })));
    await vote(ben.client, poll.id, { optionIds: ['b'] });
    const tally = (await sync(room.op)).polls.find((p) => p.id === poll.id)?.tally;
    expect(tally).toMatchObject({ total: 1, counts: { b: 1 } });
    expect(tally?.counts.a ?? 0).toBe(0);
  });

  it('reaction:send: refused beyond the budget and never counted; another person reacts', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    await spend(ana.client);
    expectLimited(errorOf(await ana.client.send('reaction:send', { emoji: '🔥' })));
    okData(await ben.client.send('reaction:send', { emoji: '🔥' }));
    await until(room.screen, () => reactionsSeen(room.screen, '🔥') >= 1, 'the burst');
    await sync(room.screen);
    expect(reactionsSeen(room.screen, '🔥')).toBe(1);
  });

  it('qa:ask: refused beyond the budget, no question stored; another person asks', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    await spend(ana.client);
    expectLimited(errorOf(await ana.client.send('qa:ask', { text: 'Is this stored?' })));
    const asked = await ask(ben.client, 'Only this one?');
    expect((await forumState(room.op)).questions.map((q) => q.id)).toEqual([asked.id]);
  });

  it('qa:upvote and qa:unvote: refused beyond the budget, counts unchanged; others go on', async () => {
    const room = await ctx.room({ moderation: false });
    const [ana, ben, cy] = await room.members(3);
    const q = await ask(cy.client, 'Which markets first?');
    expect(await upvote(ana.client, q.id)).toBe(1);
    await spend(ana.client, 'crash:standing', BURST - 1);
    expectLimited(errorOf(await ana.client.send('qa:unvote', { questionId: q.id })));
    expect(await upvote(ben.client, q.id)).toBe(2);
    await spend(ben.client, 'reaction:send', BURST - 1);
    expectLimited(errorOf(await ben.client.send('qa:upvote', { questionId: q.id })));
    expectLimited(errorOf(await ben.client.send('qa:unvote', { questionId: q.id })));
    expect((await forumState(room.op)).questions.find((x) => x.id === q.id)?.upvotes).toBe(2);
    expect(await upvote(cy.client, q.id)).toBe(3);
  });

  it('crash:standing: refused beyond the budget, let in again after retryAfterMs; others go on', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    await spend(ana.client, 'reaction:send');
    const error = errorOf(await ana.client.send('crash:standing', {}));
    expectLimited(error);
    expect(okData(await ben.client.send('crash:standing', {}))).toEqual({ points: 0, rank: null });
    clock?.advance((error.details as { retryAfterMs: number }).retryAfterMs);
    expect(okData(await ana.client.send('crash:standing', {}))).toEqual({ points: 0, rank: null });
    expectLimited(errorOf(await ana.client.send('crash:standing', {})));
  });

  it('state:sync: its own smaller budget, and the general one; others and staff are not limited', async () => {
    const room = await ctx.room();
    const [ana, ben, cy] = await room.members(3);
    for (let i = 0; i < SYNCS; i++) await sync(ana.client);
    expectLimited(errorOf(await ana.client.send('state:sync', {})));
    // The general budget still has room for other commands.
    okData(await ana.client.send('crash:standing', {}));
    await spend(ben.client);
    expectLimited(errorOf(await ben.client.send('state:sync', {})));
    await sync(cy.client);
    for (let i = 0; i < BURST + SYNCS + 2; i++) {
      await sync(room.op);
      await sync(room.screen);
    }
  });

  it('counts every command of a person, unknown and forbidden ones too, across their sockets', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    const second = await ctx.connect(ana.token);
    expect(errorOf(await ana.client.sendRaw('nope:nothing', {})).code).toBe('NOT_FOUND');
    expect(errorOf(await ana.client.send('poll:create', singlePoll('x'))).code).toBe('FORBIDDEN');
    expect(errorOf(await second.sendRaw('poll:vote', { pollId: 42 })).code).toBe('VALIDATION_FAILED');
    okData(await second.send('crash:standing', {}));
    expectLimited(errorOf(await ana.client.send('crash:standing', {})));
    expectLimited(errorOf(await second.send('poll:create', singlePoll('y'))));
    expect((await sync(room.op)).polls).toEqual([]);
  });

  it('disconnects a socket that goes on sending after RATE_LIMITED, and refuses its person a while', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    await spend(ana.client);
    const before = await scrape(ctx.url);
    const gone = new Promise<string>((resolve) => ana.client.socket.once('disconnect', resolve));
    for (let i = 0; i < KICK_AFTER; i++)
      expectLimited(errorOf(await ana.client.send('reaction:send', { emoji: '🔥' })));
    expect(await gone).toBe('io server disconnect');
    expect(deltas(before, await scrape(ctx.url), 'summit_abuse_refused_total', ['reason'])).toEqual({
      flood_disconnect: 1,
    });
    const back = await handshakeAs(ctx.url, ana.token);
    expect(back.outcome).toBe('RATE_LIMITED');
    expect(back.data?.retryAfterMs).toBe(BENCH_MS);
    okData(await ben.client.send('crash:standing', {}));
    clock?.advance(BENCH_MS);
    const later = await handshakeAs(ctx.url, ana.token);
    expect(later.outcome).toBe('connected');
    later.socket.disconnect();
  });

  it('answers GET state over HTTP from the same snapshot budget: 429 with Retry-After', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    const path = `/api/events/${room.id}/state`;
    for (let i = 0; i < SYNCS; i++) expect((await ctx.api('GET', path, undefined, ana.token)).status).toBe(200);
    const res = await fetch(`${ctx.url}${path}`, { headers: { authorization: `Bearer ${ana.token}` } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { error: ErrorBody }).error.code).toBe('RATE_LIMITED');
    expect((await ctx.api('GET', path, undefined, room.opToken)).status).toBe(200);
  });
});
