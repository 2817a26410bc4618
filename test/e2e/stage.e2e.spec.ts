import type { Client } from '../support/app.js';
import type { CommandPayload } from '../support/protocol.js';
import {
  MODES,
  detailFields,
  errorOf,
  expectGapless,
  okData,
  openPoll,
  singlePoll,
  sync,
  tallies,
  until,
  useApp,
  vote,
  waitTally,
} from './helpers.js';

type Emoji = CommandPayload<'reaction:send'>['emoji'];

/** Every `reaction:burst` this client got, added up per emoji. */
function burstTotals(client: Client): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const burst of client.messages('reaction:burst')) {
    for (const [emoji, n] of Object.entries(burst.counts)) totals[emoji] = (totals[emoji] ?? 0) + n;
  }
  return totals;
}

/** Waits until the bursts reach `expected` for every emoji in it, then checks they hold exactly that. */
async function expectBursts(client: Client, expected: Record<string, number>): Promise<void> {
  const reached = (): boolean => Object.entries(expected).every(([e, n]) => (burstTotals(client)[e] ?? 0) >= n);
  await until(client, reached, `bursts of ${JSON.stringify(expected)}`);
  expect(burstTotals(client)).toEqual(expected);
  const bursts = client.messages('reaction:burst');
  for (const b of bursts) {
    expect(b.windowMs).toBeGreaterThanOrEqual(0);
    expect(Object.values(b.counts).every((n) => Number.isInteger(n) && n > 0)).toBe(true);
  }
  const versions = bursts.map((b) => b.version);
  expect(versions).toEqual([...new Set(versions)].sort((x, y) => x - y));
}

describe.each(MODES)('stage (%s)', (mode) => {
  const ctx = useApp(mode);

  it('broadcasts cues to every role with seq and keeps the last one in the snapshot; clear leaves none', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    const all = [room.op, room.screen, ana.client, ben.client];
    const seq0 = room.op.messages('state')[0].seq;
    for (const c of all) expect(c.messages('state')[0].stage).toEqual({ cue: null });

    const ends = Date.now() + 90_000;
    const ack = await room.op.send('stage:cue', {
      kind: 'announcement',
      title: 'Welcome',
      body: 'Sit',
      until: ends,
    });
    const first = okData(ack);
    expect(first).toMatchObject({
      id: expect.any(String) as unknown,
      kind: 'announcement',
      title: 'Welcome',
      body: 'Sit',
      until: ends,
      at: expect.any(Number) as unknown,
    });
    for (const c of all) {
      expect(await c.waitFor('stage:cue', (m) => m.seq === seq0 + 1)).toEqual({
        seq: seq0 + 1,
        cue: first,
      });
      expect((await sync(c)).stage).toEqual({ cue: first });
    }
    const second = okData(await room.op.send('stage:cue', { kind: 'reveal', title: 'Results' }));
    for (const c of all) {
      await c.waitFor('stage:cue', (m) => m.seq === seq0 + 2);
      expect((await sync(c)).stage).toEqual({ cue: second });
    }
    const clear = okData(await room.op.send('stage:cue', { kind: 'clear' }));
    expect(clear).toMatchObject({ kind: 'clear' });
    for (const c of all) {
      const msg = await c.waitFor('stage:cue', (m) => m.seq === seq0 + 3);
      expect(msg.cue).toEqual(clear);
      const state = await sync(c);
      expect(state.stage).toEqual({ cue: null });
      expect(state.seq).toBe(seq0 + 3);
      expectGapless(c);
    }
    const tooLong = errorOf(await room.op.send('stage:cue', { kind: 'announcement', title: 'x'.repeat(121) }));
    expect(detailFields(tooLong)).toEqual(['title']);
    const control = errorOf(await room.op.send('stage:cue', { kind: 'announcement', title: 'a\u0007b' }));
    expect(detailFields(control)).toEqual(['title']);
    expect((await sync(room.op)).seq).toBe(seq0 + 3);
  });

  it('refuses a reaction outside the fixed set, and counts neither it nor a forbidden one', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    for (const emoji of ['x', '💩', '', '👍👍', ['👍'], 1]) {
      const error = errorOf(await ana.client.sendRaw('reaction:send', { emoji }));
      expect({ emoji, fields: detailFields(error) }).toEqual({ emoji, fields: ['emoji'] });
    }
    for (const staff of [room.op, room.screen]) {
      expect(errorOf(await staff.send('reaction:send', { emoji: '🔥' })).code).toBe('FORBIDDEN');
    }
    expect(await ana.client.send('reaction:send', { emoji: '🎉' })).toEqual({ ok: true, data: {} });
    for (const c of [room.op, room.screen, ana.client]) await expectBursts(c, { '🎉': 1 });
  });

  it('sends reactions from several sockets as reaction:burst whose counts add up to exactly what was sent', async () => {
    const room = await ctx.room();
    const people = await room.members(4);
    const everyone = [room.op, room.screen, ...people.map((p) => p.client)];
    const plan = (i: number): Emoji[] => [
      ...Array<Emoji>(i + 2).fill('👍'),
      ...Array<Emoji>(i).fill('🎉'),
      '🚗',
      ...(i === 3 ? (['❤️', '❤️'] as const) : []),
    ];
    const acks = await Promise.all(
      people.flatMap((p, i) => plan(i).map((emoji) => p.client.send('reaction:send', { emoji }))),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const sent: Record<string, number> = { '👍': 2 + 3 + 4 + 5, '🎉': 0 + 1 + 2 + 3, '🚗': 4, '❤️': 2 };
    expect(acks).toHaveLength(Object.values(sent).reduce((a, b) => a + b));
    for (const c of everyone) await expectBursts(c, sent);

    // A later wave comes as new bursts: windows, never the running total again.
    await Promise.all([0, 1, 2].map(() => people[0].client.send('reaction:send', { emoji: '😮' })));
    for (const c of everyone) await expectBursts(c, { ...sent, '😮': 3 });
  });
});

describe.each(MODES)('counters paced for the audience (%s)', (mode) => {
  // Screens and operators every 50 ms; phones at most every 3 s.
  const ctx = useApp(mode, { env: { AUDIENCE_INTERVAL_MS: '3000' } });

  it('sends the audience fewer counter messages, merged, and it ends with what the screen has', async () => {
    const room = await ctx.room();
    const [ana, ...others] = await room.members(5);
    await openPoll(room.op, singlePoll('live'));
    for (const [i, m] of [ana, ...others].entries()) {
      await vote(m.client, 'live', { optionIds: [i % 2 === 0 ? 'a' : 'b'] });
      okData(await m.client.send('reaction:send', { emoji: '🔥' }));
      await waitTally(room.screen, 'live', (t) => t.total === i + 1);
    }
    const final = await waitTally(ana.client, 'live', (t) => t.total === 5);
    expect(final).toEqual(tallies(room.screen, 'live').at(-1));
    expect(tallies(ana.client, 'live').length).toBeLessThan(tallies(room.screen, 'live').length);
    await expectBursts(ana.client, { '🔥': 5 });
    await expectBursts(room.screen, { '🔥': 5 });
    expect(ana.client.messages('reaction:burst').length).toBeLessThanOrEqual(
      room.screen.messages('reaction:burst').length,
    );
  });
});
