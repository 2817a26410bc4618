import { loadConfig } from '../config/app-config.js';
import { Metrics } from '../ops/metrics.js';
import { Broadcaster } from './broadcaster.js';
import { CounterTicker } from './counter-ticker.js';
import { MemoryEventClock } from './event-clock.js';

describe('CounterTicker', () => {
  const clock = new MemoryEventClock();
  const config = loadConfig({ TALLY_INTERVAL_MS: '10000' });
  const metrics = new Metrics(config, null);
  const ticker = new CounterTicker(config, clock, metrics, new Broadcaster(metrics, config));
  const calls: { eventId: string; moved: Record<string, number>; first: boolean }[] = [];
  ticker.register({
    prefix: 'poll:',
    flush: (eventId, moved, first) => {
      calls.push({ eventId, moved: Object.fromEntries(moved), first });
      return Promise.resolve();
    },
  });
  afterAll(() => ticker.onModuleDestroy());

  it('reads only events with local sockets and flushes only counters that moved', async () => {
    clock.bump('e1', 'poll:a');
    clock.bump('e2', 'poll:a');
    clock.bump('e1', 'reactions');
    ticker.track('e1');
    await ticker.tick();
    expect(calls).toEqual([{ eventId: 'e1', moved: { 'poll:a': 1 }, first: true }]);

    await ticker.tick();
    expect(calls).toHaveLength(1);

    clock.bump('e1', 'poll:b');
    clock.bump('e1', 'poll:b');
    await ticker.tick();
    expect(calls[1]).toEqual({ eventId: 'e1', moved: { 'poll:b': 2 }, first: false });
  });

  it('forgets an event when its last local socket leaves, and starts afresh after', async () => {
    calls.length = 0;
    ticker.track('e3');
    ticker.track('e3');
    ticker.untrack('e3');
    clock.bump('e3', 'poll:x');
    await ticker.tick();
    expect(calls.map((c) => c.eventId)).toContain('e3');
    ticker.untrack('e3');
    ticker.untrack('e1');
    calls.length = 0;
    clock.bump('e3', 'poll:x');
    await ticker.tick();
    expect(calls).toEqual([]);
    ticker.track('e3');
    await ticker.tick();
    expect(calls).toEqual([{ eventId: 'e3', moved: { 'poll:x': 2 }, first: true }]);
  });

  it('does not send again what a flush sent newer than the tick read (a change between the reads)', async () => {
    const own = new CounterTicker(config, clock, metrics, new Broadcaster(metrics, config));
    const moves: Record<string, number>[] = [];
    own.register({
      prefix: 'poll:',
      flush: (_eventId, moved) => {
        moves.push(Object.fromEntries(moved));
        // A vote lands after the ticker's read, before the flush reads the tally: it sends version 2.
        if (moves.length === 1) clock.bump('e9', 'poll:a');
        return Promise.resolve(new Map([['poll:a', clock.version('e9', 'poll:a')]]));
      },
    });
    try {
      clock.bump('e9', 'poll:a');
      own.track('e9');
      await own.tick();
      await own.tick();
      expect(moves).toEqual([{ 'poll:a': 1 }]);
      clock.bump('e9', 'poll:a');
      await own.tick();
      expect(moves).toEqual([{ 'poll:a': 1 }, { 'poll:a': 3 }]);
    } finally {
      own.onModuleDestroy();
    }
  });
});
