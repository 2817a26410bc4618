import { AudiencePacer, type CounterMessage } from './audience-pacer.js';

const tally = (version: number, a: number): CounterMessage => ({
  event: 'poll:tally',
  payload: { pollId: 'p1', version, total: a, counts: { a }, byCountry: {} },
});
const burst = (version: number, n: number): CounterMessage => ({
  event: 'reaction:burst',
  payload: { version, counts: { '🔥': n }, windowMs: 100 },
});
const upvotes = (version: number, counts: Record<string, number>): CounterMessage => ({
  event: 'qa:upvotes',
  payload: { version, counts },
});

describe('AudiencePacer', () => {
  it('outside a tick never keeps anything back', () => {
    const pacer = new AudiencePacer(1000);
    expect(pacer.take('e', tally(1, 1))).toEqual(tally(1, 1));
  });

  it("keeps counters between the audience's turns and hands them over merged on its turn", () => {
    const pacer = new AudiencePacer(1000);
    pacer.begin('e', 0);
    expect(pacer.take('e', tally(1, 1))).toEqual(tally(1, 1));
    expect(pacer.end('e', 0)).toEqual([]);

    // Two ticks before the next turn: the audience waits, whole values replace, windows add up.
    for (const [now, v] of [
      [250, 2],
      [500, 3],
    ]) {
      pacer.begin('e', now);
      expect(pacer.take('e', tally(v, v))).toBeNull();
      expect(pacer.take('e', burst(v, v))).toBeNull();
      expect(pacer.take('e', upvotes(v, v === 2 ? { q1: 1, q2: 5 } : { q1: 2 }))).toBeNull();
      expect(pacer.end('e', now)).toEqual([]);
    }

    // The turn: a counter sent in it comes merged; the others the ticker sends after the tick.
    pacer.begin('e', 1000);
    expect(pacer.take('e', tally(4, 4))).toEqual(tally(4, 4));
    const rest = pacer.end('e', 1000);
    expect(rest).toEqual([
      { event: 'reaction:burst', payload: { version: 3, counts: { '🔥': 5 }, windowMs: 200 } },
      upvotes(3, { q1: 2, q2: 5 }),
    ]);

    // Nothing is kept twice.
    pacer.begin('e', 2000);
    expect(pacer.end('e', 2000)).toEqual([]);
  });

  it("drops held upvote counts of questions that left the audience's view", () => {
    const pacer = new AudiencePacer(1000);
    pacer.begin('e', 0);
    pacer.end('e', 0);
    pacer.begin('e', 10);
    expect(pacer.take('e', upvotes(1, { q1: 2, q2: 2, q3: 1 }))).toBeNull();
    pacer.end('e', 10);
    pacer.begin('e', 1000);
    // q2 was merged away; q3 is still visible but did not move, so only the held count carries it.
    const newer = { ...upvotes(2, { q1: 3 }), visible: new Set(['q1', 'q3']) };
    expect(pacer.take('e', newer)?.payload).toEqual({ version: 2, counts: { q1: 3, q3: 1 } });
  });

  it('forgets an event without sockets', () => {
    const pacer = new AudiencePacer(1000);
    pacer.begin('e', 0);
    pacer.end('e', 0);
    pacer.begin('e', 10);
    pacer.take('e', tally(2, 2));
    pacer.forget('e');
    pacer.begin('e', 20);
    expect(pacer.end('e', 20)).toEqual([]);
  });
});
