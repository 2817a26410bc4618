import type { Client } from '../support/app.js';
import {
  MODES,
  OPTIONS,
  drain,
  errorOf,
  expectGapless,
  okData,
  openPoll,
  seqTrail,
  singlePoll,
  sync,
  tallies,
  useApp,
  vote,
  waitTally,
} from './helpers.js';
import type { Poll, PollResults } from '../support/protocol.js';

describe.each(MODES)('keynote polls (%s)', (mode) => {
  const ctx = useApp(mode);

  it('runs create, open, votes, close, reveal with acks, broadcasts to the others and gapless seq', async () => {
    const room = await ctx.room();
    const op2 = await ctx.connect(room.opToken);
    const [ana, ben] = await room.members(2);
    const all = [room.op, op2, room.screen, ana.client, ben.client];
    const others = all.filter((c) => c !== room.op);
    const seq0 = room.op.messages('state')[0].seq;
    for (const c of all) expect(c.messages('state')[0].seq).toBe(seq0);
    const updated = async (c: Client, seq: number): Promise<Poll> =>
      (await c.waitFor('poll:updated', (u) => u.seq === seq)).poll;

    // A draft: operators see it, screens and the audience only see seq move.
    const created = okData(await room.op.send('poll:create', singlePoll('p1')));
    expect(created).toMatchObject({
      id: 'p1',
      kind: 'single',
      question: { en: 'Question p1?', zh: '问题' },
      options: OPTIONS,
      status: 'draft',
      results: 'live',
      revealed: false,
    });
    expect(created.tally).toMatchObject({ pollId: 'p1', total: 0, counts: { a: 0, b: 0, c: 0 }, byCountry: {} });
    expect(await updated(op2, seq0 + 1)).toEqual(created);
    for (const c of [room.screen, ana.client, ben.client]) {
      await c.waitFor('state:seq', (m) => m.seq === seq0 + 1);
      expect(c.messages('poll:updated')).toEqual([]);
      expect((await sync(c)).polls).toEqual([]);
    }
    expect((await sync(op2)).polls.map((p) => p.id)).toEqual(['p1']);

    const opened = okData(await room.op.send('poll:open', { pollId: 'p1' }));
    expect(opened).toMatchObject({ id: 'p1', status: 'open', openedAt: expect.any(Number) as unknown });
    for (const c of others) expect(await updated(c, seq0 + 2)).toMatchObject({ status: 'open', tally: { total: 0 } });

    expect(await ana.client.send('poll:vote', { pollId: 'p1', optionIds: ['a'] })).toEqual({
      ok: true,
      data: { pollId: 'p1', vote: { optionIds: ['a'] } },
    });
    await vote(ben.client, 'p1', { optionIds: ['b'] });
    for (const c of all) await waitTally(c, 'p1', (t) => t.total === 2 && t.counts.a === 1 && t.counts.b === 1);

    const closed = okData(await room.op.send('poll:close', { pollId: 'p1' }));
    expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(Number) as unknown });
    expect(closed.tally).toMatchObject({ total: 2, counts: { a: 1, b: 1, c: 0 } });
    for (const c of others) expect(await updated(c, seq0 + 3)).toMatchObject({ status: 'closed' });
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'p1', optionIds: ['c'] })).code).toBe('POLL_CLOSED');

    const revealed = okData(await room.op.send('poll:reveal', { pollId: 'p1' }));
    expect(revealed).toMatchObject({ status: 'closed', revealed: true });
    for (const c of others) expect(await updated(c, seq0 + 4)).toMatchObject({ revealed: true, tally: { total: 2 } });

    for (const c of all) {
      expectGapless(c);
      expect(seqTrail(c).at(-1)).toBe(seq0 + 4);
      const state = await sync(c);
      expect(state.seq).toBe(seq0 + 4);
      expect(state.polls[0]).toMatchObject({ id: 'p1', status: 'closed', revealed: true, tally: { total: 2 } });
    }
    // Tally versions only rise.
    const versions = tallies(room.screen, 'p1').map((t) => t.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('replaces a second vote: the tally moves and total counts people', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    await openPoll(room.op, singlePoll('p'));
    await vote(ana.client, 'p', { optionIds: ['a'] });
    await vote(ben.client, 'p', { optionIds: ['a'] });
    await waitTally(room.screen, 'p', (t) => t.total === 2 && t.counts.a === 2);
    await vote(ana.client, 'p', { optionIds: ['b'] });
    const moved = await waitTally(room.screen, 'p', (t) => t.counts.b === 1);
    expect(moved).toMatchObject({ total: 2, counts: { a: 1, b: 1, c: 0 } });
    await vote(ana.client, 'p', { optionIds: ['b'] });
    await vote(ana.client, 'p', { optionIds: ['c'] });
    const last = await waitTally(room.screen, 'p', (t) => t.counts.c === 1);
    expect(last).toMatchObject({ total: 2, counts: { a: 1, b: 0, c: 1 } });
    expect((await sync(ana.client)).myVotes).toEqual({ p: { optionIds: ['c'] } });
    const closed = okData(await room.op.send('poll:close', { pollId: 'p' }));
    expect(closed.tally).toMatchObject({ total: 2, counts: { a: 1, b: 0, c: 1 } });
  });

  it.each<PollResults>(['live', 'on-reveal', 'hidden'])(
    'shows the audience the tally of a poll with results %s as the mode says, screens always',
    async (results) => {
      const live = results === 'live';
      const room = await ctx.room();
      const [ana] = await room.members(1);
      const aud = ana.client;
      await openPoll(room.op, singlePoll('v', results));
      const open = await aud.waitFor('poll:updated', (u) => u.poll.status === 'open');
      expect(open.poll.tally !== undefined).toBe(live);
      const screenOpen = await room.screen.waitFor('poll:updated', (u) => u.poll.status === 'open');
      expect(screenOpen.poll.tally).toMatchObject({ total: 0 });

      await vote(aud, 'v', { optionIds: ['a'] });
      await waitTally(room.op, 'v', (t) => t.total === 1);
      await waitTally(room.screen, 'v', (t) => t.total === 1);
      if (live) await waitTally(aud, 'v', (t) => t.total === 1);
      await drain(aud);
      expect(tallies(aud, 'v').length > 0).toBe(live);
      const audState = await sync(aud);
      expect(audState.polls[0].tally !== undefined).toBe(live);
      expect(audState.myVotes).toEqual({ v: { optionIds: ['a'] } });
      for (const c of [room.op, room.screen]) expect((await sync(c)).polls[0].tally).toMatchObject({ total: 1 });

      // Revealed (still open): from now on the audience sees it, in broadcasts and in the snapshot.
      okData(await room.op.send('poll:reveal', { pollId: 'v' }));
      const shown = await aud.waitFor('poll:updated', (u) => u.poll.revealed);
      expect(shown.poll.tally).toMatchObject({ total: 1, counts: { a: 1, b: 0, c: 0 } });
      const [ben] = await room.members(1);
      await vote(ben.client, 'v', { optionIds: ['b'] });
      await waitTally(aud, 'v', (t) => t.total === 2 && t.counts.b === 1);
      expect((await sync(aud)).polls[0].tally).toMatchObject({ total: 2, counts: { a: 1, b: 1 } });
    },
  );

  it('refuses votes on a draft and on a closed poll with POLL_CLOSED, and keeps none of them', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    okData(await room.op.send('poll:create', singlePoll('d')));
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'd', optionIds: ['a'] })).code).toBe('POLL_CLOSED');
    okData(await room.op.send('poll:open', { pollId: 'd' }));
    await vote(ana.client, 'd', { optionIds: ['a'] });
    okData(await room.op.send('poll:close', { pollId: 'd' }));
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'd', optionIds: ['b'] })).code).toBe('POLL_CLOSED');
    const state = await sync(room.op);
    expect(state.polls[0].tally).toMatchObject({ total: 1, counts: { a: 1, b: 0, c: 0 } });
    expect((await sync(ana.client)).myVotes).toEqual({ d: { optionIds: ['a'] } });
    // Reopening keeps the votes; a new vote then replaces the kept one.
    okData(await room.op.send('poll:open', { pollId: 'd' }));
    await vote(ana.client, 'd', { optionIds: ['b'] });
    const reclosed = okData(await room.op.send('poll:close', { pollId: 'd' }));
    expect(reclosed.tally).toMatchObject({ total: 1, counts: { a: 0, b: 1, c: 0 } });
  });

  it('ends with a final tally that is exactly the acked votes of 30 people voting at once', async () => {
    const room = await ctx.room();
    const countries = ['DE', 'FR', 'JP'];
    const voters = await room.members(30, (i) => ({ country: countries[i % 3] }));
    await openPoll(room.op, singlePoll('big'));
    const pick = (i: number): string => (i < 15 ? 'a' : i < 25 ? 'b' : 'c');
    const first = await Promise.all(
      voters.map((m, i) => m.client.send('poll:vote', { pollId: 'big', optionIds: [pick(i)] })),
    );
    // A third change their minds, all at once too.
    const changers = voters.map((_, i) => i).filter((i) => i % 3 === 0);
    const second = await Promise.all(
      changers.map((i) => voters[i].client.send('poll:vote', { pollId: 'big', optionIds: ['c'] })),
    );
    const choice = new Map<number, string>();
    first.forEach((ack, i) => ack.ok && choice.set(i, pick(i)));
    second.forEach((ack, k) => ack.ok && choice.set(changers[k], 'c'));
    expect([...first, ...second].every((ack) => ack.ok)).toBe(true);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (const option of choice.values()) counts[option] += 1;

    const closed = okData(await room.op.send('poll:close', { pollId: 'big' }));
    const expected = { total: choice.size, counts, byCountry: { DE: 10, FR: 10, JP: 10 } };
    expect(closed.tally).toMatchObject(expected);
    await waitTally(room.screen, 'big', (t) => t.total === 30 && t.counts.c === counts.c && t.counts.a === counts.a);
    expect((await sync(room.screen)).polls[0].tally).toMatchObject(expected);
    expect((await sync(voters[0].client)).myVotes).toEqual({ big: { optionIds: ['c'] } });
  });
});
