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
});
