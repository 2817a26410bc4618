import { jest } from '@jest/globals';
import {
  AudiencePacer,
  BUSY_UTILIZATION,
  LoopLoad,
  loopUtilization,
  MAX_DEFER_MS,
  type CounterMessage,
} from './audience-pacer.js';

// Messages as the features pace them (a tally is kept per poll, whole; reaction windows add up;
// held upvote counts of questions that left the audience's view are dropped).
interface Burst {
  version: number;
  counts: Record<string, number>;
  windowMs: number;
}
interface Upvotes {
  version: number;
  counts: Record<string, number>;
}
const addBursts = (older: Burst, newer: Burst): Burst => {
  const counts = { ...older.counts };
  for (const [emoji, n] of Object.entries(newer.counts)) counts[emoji] = (counts[emoji] ?? 0) + n;
  return { ...newer, counts, windowMs: older.windowMs + newer.windowMs };
};
const keepVisible =
  (visible?: ReadonlySet<string>) =>
  (older: Upvotes, newer: Upvotes): Upvotes => {
    const kept = Object.entries(older.counts).filter(([id]) => visible?.has(id) ?? true);
    return { ...newer, counts: { ...Object.fromEntries(kept), ...newer.counts } };
  };
const mergeAll = keepVisible();

const tally = (version: number, a: number): CounterMessage => ({
  event: 'poll:tally',
  payload: { pollId: 'p1', version, total: a, counts: { a }, byCountry: {} },
  key: 'poll:tally:p1',
});
const burst = (version: number, n: number): CounterMessage<Burst> => ({
  event: 'reaction:burst',
  payload: { version, counts: { '🔥': n }, windowMs: 100 },
  key: 'reaction:burst',
  merge: addBursts,
});
const upvotes = (
  version: number,
  counts: Record<string, number>,
  merge: (older: Upvotes, newer: Upvotes) => Upvotes = mergeAll,
): CounterMessage<Upvotes> => ({ event: 'qa:upvotes', payload: { version, counts }, key: 'qa:upvotes', merge });
const take = <P>(pacer: AudiencePacer, message: CounterMessage<P>): CounterMessage | null =>
  pacer.take('e', message as CounterMessage);

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
      expect(take(pacer, burst(v, v))).toBeNull();
      expect(take(pacer, upvotes(v, v === 2 ? { q1: 1, q2: 5 } : { q1: 2 }))).toBeNull();
      expect(pacer.end('e', now)).toEqual([]);
    }

    // The turn: a counter sent in it comes merged; the others the ticker sends after the tick.
    pacer.begin('e', 1000);
    expect(pacer.take('e', tally(4, 4))).toEqual(tally(4, 4));
    const rest = pacer.end('e', 1000);
    expect(rest).toEqual([
      { ...burst(3, 5), payload: { version: 3, counts: { '🔥': 5 }, windowMs: 200 } },
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
    expect(take(pacer, upvotes(1, { q1: 2, q2: 2, q3: 1 }))).toBeNull();
    pacer.end('e', 10);
    pacer.begin('e', 1000);
    // q2 was merged away; q3 is still visible but did not move, so only the held count carries it.
    const newer = upvotes(2, { q1: 3 }, keepVisible(new Set(['q1', 'q3'])));
    expect(take(pacer, newer)?.payload).toEqual({ version: 2, counts: { q1: 3, q3: 1 } });
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
  it('while the node is busy, defers a due turn by at most one more interval', () => {
    const pacer = new AudiencePacer(1000);
    pacer.begin('e', 0);
    pacer.end('e', 0);
    // Due at 1000 but busy: the audience waits, its counters kept.
    for (const now of [1000, 1250, 1750]) {
      pacer.begin('e', now, true);
      expect(pacer.take('e', tally(now, now))).toBeNull();
      expect(pacer.end('e', now)).toEqual([]);
    }
    // Still busy, one interval late: the turn comes anyway, with the latest tally.
    pacer.begin('e', 2000, true);
    expect(pacer.take('e', tally(2000, 2000))).toEqual(tally(2000, 2000));
    pacer.end('e', 2000);
    // Not busy: on time again.
    pacer.begin('e', 2999, false);
    expect(pacer.take('e', tally(1, 1))).toBeNull();
    pacer.end('e', 2999);
    pacer.begin('e', 3000, false);
    expect(pacer.take('e', tally(2, 2))).toEqual(tally(2, 2));
    pacer.end('e', 3000);

    // A longer interval: busy, the turn waits at most MAX_DEFER_MS more.
    const slow = new AudiencePacer(5000);
    slow.begin('e', 0);
    slow.end('e', 0);
    slow.begin('e', 5000 + MAX_DEFER_MS - 1, true);
    expect(slow.take('e', tally(1, 1))).toBeNull();
    slow.end('e', 5000 + MAX_DEFER_MS - 1);
    slow.begin('e', 5000 + MAX_DEFER_MS, true);
    expect(slow.take('e', tally(2, 2))).toEqual(tally(2, 2));
  });
});

describe('LoopLoad', () => {
  it('reads the utilization once per window and calls the node busy above the threshold', () => {
    const readings = [BUSY_UTILIZATION + 0.1, BUSY_UTILIZATION - 0.1];
    const read = jest.fn(() => readings.shift() ?? 0);
    const load = new LoopLoad(250, read);
    expect(load.busy(1000)).toBe(true);
    expect(load.busy(1200)).toBe(true);
    expect(read).toHaveBeenCalledTimes(1);
    expect(load.busy(1250)).toBe(false);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it("measures this process's loop: busy while it spins, idle while it waits", async () => {
    const utilization = loopUtilization();
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // spin: the loop is busy
    }
    expect(utilization()).toBeGreaterThan(BUSY_UTILIZATION);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(utilization()).toBeLessThan(BUSY_UTILIZATION);
  });
});
