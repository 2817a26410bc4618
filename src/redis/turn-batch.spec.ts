import { jest } from '@jest/globals';
import { TurnBatch } from './turn-batch.js';

describe('TurnBatch', () => {
  const recorder = (): { runs: string[][]; batch: TurnBatch<string, string> } => {
    const runs: string[][] = [];
    const batch = new TurnBatch<string, string>((items) => {
      runs.push(items);
      return Promise.resolve(`ran ${items.join(',')}`);
    }, 3);
    return { runs, batch };
  };

  it('runs the calls of one turn once per key, in the order they came, and answers each', async () => {
    const { runs, batch } = recorder();
    const answers = await Promise.all([batch.add('p1', 'a'), batch.add('p2', 'x'), batch.add('p1', 'b')]);
    expect(runs).toEqual([['a', 'b'], ['x']]);
    expect(answers).toEqual(['ran a,b', 'ran x', 'ran a,b']);
  });

  it('hands each batch its key', async () => {
    const batch = new TurnBatch<string, string>((items, key) => Promise.resolve(`${key}:${items.join(',')}`), 10);
    expect(await Promise.all([batch.add('p1', 'a'), batch.add('p2', 'x')])).toEqual(['p1:a', 'p2:x']);
  });

  it('sends a batch at once when it is full, and later turns in batches of their own', async () => {
    const { runs, batch } = recorder();
    const first = ['a', 'b', 'c', 'd'].map((item) => batch.add('p1', item));
    expect(runs).toEqual([['a', 'b', 'c']]);
    await Promise.all(first);
    await batch.add('p1', 'e');
    expect(runs).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
  });

  it("tells each call its place in its own batch, also across a full batch's edge", async () => {
    const { runs, batch } = recorder();
    const placed = ['a', 'b', 'c', 'd'].map((item) => batch.place('p1', item));
    expect(placed.map((p) => p.index)).toEqual([0, 1, 2, 0]);
    expect(await Promise.all(placed.map((p) => p.answer))).toEqual(['ran a,b,c', 'ran a,b,c', 'ran a,b,c', 'ran d']);
    expect(runs).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('fails every call of a batch that failed, and only those', async () => {
    const batch = new TurnBatch<string, string>(
      (items) => (items.includes('bad') ? Promise.reject(new Error('down')) : Promise.resolve('ok')),
      10,
    );
    const results = await Promise.allSettled([batch.add('p1', 'a'), batch.add('p1', 'bad'), batch.add('p2', 'b')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'down',
      'down',
      'ok',
    ]);
  });

  it('fails the batch of a run that throws at once; the next turn runs again', async () => {
    let calls = 0;
    const batch = new TurnBatch<string, string>((items) => {
      if (calls++ === 0) throw new Error('no connection');
      return Promise.resolve(items.join(','));
    }, 10);
    const first = await Promise.allSettled([batch.add('p1', 'a'), batch.add('p1', 'b')]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await batch.add('p1', 'c')).toBe('c');
  });

  describe('serial', () => {
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    /** A store whose answers the test gives, batch by batch. */
    const held = (
      max = 10,
      spacingMs = 0,
    ): { runs: string[][]; answer: (i: number, ok?: boolean) => void; batch: TurnBatch<string, string> } => {
      const runs: string[][] = [];
      const settle: ((ok: boolean) => void)[] = [];
      const batch = new TurnBatch<string, string>(
        (items) => {
          runs.push(items);
          return new Promise((resolve, reject) =>
            settle.push((ok) => (ok ? resolve(items.join(',')) : reject(new Error('down')))),
          );
        },
        max,
        true,
        spacingMs,
      );
      return { runs, answer: (i, ok = true) => settle[i]?.(ok), batch };
    };

    it("holds a key's calls while its batch is at the store, then sends them as one; other keys go", async () => {
      const { runs, answer, batch } = held();
      const a = batch.add('p1', 'a');
      await nextTurn();
      const b = batch.add('p1', 'b');
      await nextTurn();
      const c = batch.add('p1', 'c');
      const x = batch.add('p2', 'x');
      await nextTurn();
      expect(runs).toEqual([['a'], ['x']]);
      answer(0);
      expect(await a).toBe('a');
      await nextTurn();
      expect(runs).toEqual([['a'], ['x'], ['b', 'c']]);
      answer(1);
      answer(2);
      expect(await Promise.all([b, c, x])).toEqual(['b,c', 'b,c', 'x']);
    });

    it('sends a full batch at once, and a failed batch lets the next one go', async () => {
      const { runs, answer, batch } = held(2);
      const first = batch.add('p1', 'a');
      await nextTurn();
      const full = [batch.add('p1', 'b'), batch.add('p1', 'c')];
      const rest = batch.add('p1', 'd');
      await nextTurn();
      expect(runs).toEqual([['a'], ['b', 'c']]);
      answer(0, false);
      await expect(first).rejects.toThrow('down');
      await nextTurn();
      // 'd' still waits: the full batch is at the store.
      expect(runs).toEqual([['a'], ['b', 'c']]);
      answer(1);
      expect(await Promise.all(full)).toEqual(['b,c', 'b,c']);
      await nextTurn();
      expect(runs).toEqual([['a'], ['b', 'c'], ['d']]);
      answer(2);
      expect(await rest).toBe('d');
    });

    describe('with a spacing', () => {
      // Timers and the clock are the test's; turns (setImmediate) and promises stay real.
      beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
      afterEach(() => jest.useRealTimers());

      it("holds a key's next batch until the spacing after its last was sent, though answered", async () => {
        const { runs, answer, batch } = held(10, 1000);
        const a = batch.add('p1', 'a');
        await nextTurn();
        answer(0);
        expect(await a).toBe('a');
        jest.advanceTimersByTime(400);
        const b = batch.add('p1', 'b');
        const x = batch.add('p2', 'x');
        await nextTurn();
        // Another key is not held; 'b' is.
        expect(runs).toEqual([['a'], ['x']]);
        const c = batch.add('p1', 'c');
        await nextTurn();
        jest.advanceTimersByTime(599);
        await nextTurn();
        expect(runs).toEqual([['a'], ['x']]);
        jest.advanceTimersByTime(1);
        expect(runs).toEqual([['a'], ['x'], ['b', 'c']]);
        answer(1);
        answer(2);
        expect(await Promise.all([b, c, x])).toEqual(['b,c', 'b,c', 'x']);
      });

      it('sends at the end of the turn a call to a key idle for the spacing, and a full batch at once', async () => {
        const { runs, answer, batch } = held(2, 1000);
        const a = batch.add('p1', 'a');
        await nextTurn();
        answer(0);
        await a;
        jest.advanceTimersByTime(1000);
        const b = batch.add('p1', 'b');
        await nextTurn();
        expect(runs).toEqual([['a'], ['b']]);
        answer(1);
        await b;
        const full = [batch.add('p1', 'c'), batch.add('p1', 'd')];
        expect(runs).toEqual([['a'], ['b'], ['c', 'd']]);
        answer(2);
        expect(await Promise.all(full)).toEqual(['c,d', 'c,d']);
      });
    });
  });
});
