import { http } from '../support/app.js';
import { errorOf, okData, openPoll, singlePoll, sync, useApp, vote } from './helpers.js';
import type { ErrorBody } from '../support/protocol.js';

describe('Redis going away and coming back (redis)', () => {
  const ctx = useApp('redis', { appendonly: true });

  /** Polls GET /ready until it answers `status`; bounded, so a node that never recovers fails the test. */
  async function readyBecomes(status: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await http(ctx.url, 'GET', '/ready')).status;
      if (last === status) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`GET /ready stayed ${last}, never ${status}`);
  }

  it('answers UNAVAILABLE (never ok) and 503 while down, then recovers with every acked vote kept', async () => {
    const room = await ctx.room();
    const people = await room.members(6);
    await openPoll(room.op, singlePoll('p'));
    for (const p of people.slice(0, 3)) await vote(p.client, 'p', { optionIds: ['a'] });

    await ctx.redis.stop();
    await readyBecomes(503);
    const ready = await http<{ ok: boolean; error: ErrorBody }>(ctx.url, 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    for (const p of people.slice(3)) {
      expect(errorOf(await p.client.send('poll:vote', { pollId: 'p', optionIds: ['c'] })).code).toBe('UNAVAILABLE');
    }
    expect(errorOf(await people[0].client.send('poll:vote', { pollId: 'p', optionIds: ['b'] })).code).toBe(
      'UNAVAILABLE',
    );
    expect(errorOf(await room.op.send('poll:close', { pollId: 'p' })).code).toBe('UNAVAILABLE');
    expect(errorOf(await room.op.send('stage:cue', { kind: 'clear' })).code).toBe('UNAVAILABLE');
    const csv = await http<{ error: ErrorBody }>(
      ctx.url,
      'GET',
      `/api/events/${room.id}/polls/p/results.csv`,
      undefined,
      room.opToken,
    );
    expect(csv.status).toBe(503);
    expect(csv.body.error.code).toBe('UNAVAILABLE');
    // The sockets stay connected through it.
    for (const c of [room.op, room.screen, ...people.map((p) => p.client)]) expect(c.socket.connected).toBe(true);

    await ctx.redis.launch();
    await readyBecomes(200);
    await vote(people[3].client, 'p', { optionIds: ['b'] });
    await vote(people[4].client, 'p', { optionIds: ['c'] });
    await vote(people[0].client, 'p', { optionIds: ['b'] });
    const closed = okData(await room.op.send('poll:close', { pollId: 'p' }));
    expect(closed.tally).toMatchObject({ total: 5, counts: { a: 2, b: 2, c: 1 } });
    // The refused votes were not stored; a newcomer's snapshot agrees.
    expect((await sync(people[5].client)).myVotes).toEqual({});
    const newcomer = await room.member();
    expect((await sync(newcomer.client)).polls[0].tally).toMatchObject({ total: 5, counts: { a: 2, b: 2, c: 1 } });
    await room.screen.waitFor('poll:tally', (t) => t.pollId === 'p' && t.total === 5);
  });
});
