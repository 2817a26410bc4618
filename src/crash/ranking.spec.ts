import { bestResult } from './crash-rules.js';
import type { Board, Entry } from './crash.types.js';
import { rankBoard, topOf } from './ranking.js';
import { res } from '../../test/support/crash-fixtures.js';

const entry = (id: string): Entry => ({ id, name: `Car ${id}`, brand: `Brand ${id}` });

/** The rows as [entryId, rank] in board order. */
const ranks = (board: Board): [string, number][] => board.rows.map((r) => [r.entryId, r.rank]);

describe('rankBoard', () => {
  it('sums the best valid score of each test, lists the tests with valid results, and keeps the row fields', () => {
    const board = rankBoard(
      [entry('a'), entry('b')],
      [
        res('r1', 'a', 'side', 80.25, 10, { stars: 4 }),
        res('r2', 'a', 'frontal', 90.5, 11, { stars: 5, metrics: { hic: 310 } }),
        res('r3', 'b', 'roof', 70, 12),
        res('r4', 'b', 'pole', 99, 13, { status: 'void' }),
      ],
      7,
    );
    expect(board).toEqual({
      version: 7,
      frozen: false,
      tests: ['frontal', 'roof', 'side'],
      rows: [
        {
          rank: 1,
          entryId: 'a',
          name: 'Car a',
          brand: 'Brand a',
          total: 170.75,
          stars: 1,
          scores: { side: 80.25, frontal: 90.5 },
        },
        { rank: 2, entryId: 'b', name: 'Car b', brand: 'Brand b', total: 70, stars: 0, scores: { roof: 70 } },
      ],
    });
    expect(rankBoard([], [], 3, true)).toEqual({ version: 3, frozen: true, tests: [], rows: [] });
  });

  it('ranks by total, high to low, before anything else', () => {
    const board = rankBoard(
      [entry('a'), entry('b'), entry('c')],
      [res('r1', 'a', 'side', 60, 1, { stars: 5 }), res('r2', 'b', 'side', 95, 50), res('r3', 'c', 'side', 80, 2)],
      1,
    );
    expect(ranks(board)).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
  });

  it('splits equal totals by the number of valid 5-star results, even against who reached it first', () => {
    const board = rankBoard(
      [entry('early'), entry('starry')],
      [
        res('e1', 'early', 'side', 85, 1, { stars: 4 }),
        res('e2', 'early', 'frontal', 85, 2, { stars: 4 }),
        res('s1', 'starry', 'side', 90, 30, { stars: 5 }),
        res('s2', 'starry', 'frontal', 80, 40, { stars: 3 }),
      ],
      1,
    );
    expect(board.rows.map((r) => [r.entryId, r.total, r.stars, r.rank])).toEqual([
      ['starry', 170, 1, 1],
      ['early', 170, 0, 2],
    ]);
  });

  it('counts every valid 5-star result: a retest below the best counts, a void one does not', () => {
    const board = rankBoard(
      [entry('a')],
      [
        res('r1', 'a', 'side', 70, 1, { stars: 5 }),
        res('r2', 'a', 'side', 72, 2, { stars: 5 }),
        res('r3', 'a', 'frontal', 90, 3, { stars: 4 }),
        res('r4', 'a', 'frontal', 60, 4, { stars: 5 }),
        res('r5', 'a', 'roof', 50, 5, { stars: 5, status: 'void' }),
        res('r6', 'a', 'roof', 40, 6, { stars: 4 }),
      ],
      1,
    );
    expect(board.rows[0]).toMatchObject({ total: 202, stars: 3, scores: { side: 72, frontal: 90, roof: 40 } });
  });

  it('then splits by who reached the total first: the latest time among its best results, earlier wins', () => {
    const board = rankBoard(
      [entry('a'), entry('b')],
      [
        // a: 100 in total, complete at 50; b: 100 in total, complete at 40.
        res('a1', 'a', 'side', 60, 5),
        res('a2', 'a', 'frontal', 40, 50),
        res('b1', 'b', 'side', 50, 30),
        res('b2', 'b', 'frontal', 50, 40),
      ],
      1,
    );
    expect(ranks(board)).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('gives the same rank when equal on all three, and the next rank skips (1, 1, 3), ties in id order', () => {
    const board = rankBoard(
      [entry('c'), entry('b'), entry('a'), entry('d')],
      [
        res('c1', 'c', 'side', 90, 10, { stars: 5 }),
        res('b1', 'b', 'side', 90, 10, { stars: 5 }),
        res('a1', 'a', 'side', 70, 1),
        res('d1', 'd', 'side', 70, 1),
      ],
      1,
    );
    expect(ranks(board)).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 3],
      ['d', 3],
    ]);
  });

  it('keeps the best of retests: a higher retest replaces the score and its time, a lower one does not', () => {
    const board = rankBoard(
      [entry('a'), entry('b')],
      [
        res('a1', 'a', 'side', 80, 10),
        res('a2', 'a', 'side', 90, 50),
        res('a3', 'a', 'side', 85, 60),
        res('b1', 'b', 'side', 90, 40),
        res('b2', 'b', 'side', 20, 70),
      ],
      1,
    );
    expect(board.rows.map((r) => [r.entryId, r.scores, r.rank])).toEqual([
      ['b', { side: 90 }, 1],
      ['a', { side: 90 }, 2],
    ]);
  });

  it('takes the earliest of equal best scores as the time the total was reached', () => {
    const board = rankBoard(
      [entry('a'), entry('b')],
      [res('a-late', 'a', 'side', 90, 60), res('b1', 'b', 'side', 90, 30), res('a-early', 'a', 'side', 90, 10)],
      1,
    );
    expect(ranks(board)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('leaves void results out: their scores, their tests, their 5 stars', () => {
    const board = rankBoard(
      [entry('a'), entry('b')],
      [
        res('a1', 'a', 'side', 99, 1, { stars: 5, status: 'void' }),
        res('a2', 'a', 'side', 60, 2),
        res('a3', 'a', 'roof', 100, 3, { status: 'void' }),
        res('b1', 'b', 'side', 70, 4),
      ],
      1,
    );
    expect(board.tests).toEqual(['side']);
    expect(board.rows.map((r) => [r.entryId, r.total, r.stars, r.scores, r.rank])).toEqual([
      ['b', 70, 0, { side: 70 }, 1],
      ['a', 60, 0, { side: 60 }, 2],
    ]);
  });

  it('puts entries without (valid) results last, tied with total 0, below an entry that scored 0', () => {
    const board = rankBoard(
      [entry('z'), entry('none'), entry('zero'), entry('voided'), entry('top')],
      [
        res('t1', 'top', 'side', 50, 1),
        res('z0', 'zero', 'side', 0, 2),
        res('v1', 'voided', 'side', 80, 3, { status: 'void' }),
      ],
      1,
    );
    expect(board.rows.map((r) => [r.entryId, r.rank, r.total, r.stars, r.scores])).toEqual([
      ['top', 1, 50, 0, { side: 50 }],
      ['zero', 2, 0, 0, { side: 0 }],
      ['none', 3, 0, 0, {}],
      ['voided', 3, 0, 0, {}],
      ['z', 3, 0, 0, {}],
    ]);
  });

  it('ties totals that are equal to the cent however they were summed', () => {
    const board = rankBoard(
      [entry('a'), entry('b'), entry('c')],
      [
        res('a1', 'a', 'side', 10.1, 5),
        res('a2', 'a', 'frontal', 20.2, 5),
        res('b1', 'b', 'side', 30.3, 5),
        res('c1', 'c', 'side', 12.34, 5),
        res('c2', 'c', 'frontal', 56.78, 5),
        res('c3', 'c', 'roof', 10.01, 5),
      ],
      1,
    );
    expect(board.rows.map((r) => [r.entryId, r.total, r.rank])).toEqual([
      ['c', 79.13, 1],
      ['a', 30.3, 2],
      ['b', 30.3, 2],
    ]);
  });

  it('topOf keeps the first n rows and everything else', () => {
    const board = rankBoard(
      [entry('a'), entry('b'), entry('c')],
      [res('1', 'a', 's', 3, 1), res('2', 'b', 's', 2, 1), res('3', 'c', 's', 1, 1)],
      9,
      true,
    );
    const top = topOf(board, 2);
    expect(top).toEqual({ ...board, rows: board.rows.slice(0, 2) });
    expect(top.rows.map((r) => r.entryId)).toEqual(['a', 'b']);
    expect(topOf(board, 10).rows).toHaveLength(3);
    expect(board.rows).toHaveLength(3);
  });
});

describe('bestResult', () => {
  const results = [
    res('late', 'a', 'side', 90, 50, { stars: 4 }),
    res('low', 'a', 'side', 70, 1, { stars: 5 }),
    res('early', 'a', 'side', 90, 20, { stars: 3 }),
    res('void', 'a', 'side', 99, 5, { status: 'void' }),
    res('other-test', 'a', 'frontal', 100, 1),
    res('other-entry', 'b', 'side', 100, 1),
  ];

  it('is the highest valid score of that entry and test, the earliest on equal scores', () => {
    expect(bestResult(results, 'a', 'side')?.id).toBe('early');
    expect(bestResult([...results].reverse(), 'a', 'side')?.id).toBe('early');
    expect(bestResult(results, 'a', 'frontal')?.id).toBe('other-test');
  });

  it('is null without a valid result', () => {
    expect(bestResult(results, 'a', 'roof')).toBeNull();
    expect(bestResult(results, 'c', 'side')).toBeNull();
    expect(bestResult([res('v', 'a', 'side', 90, 1, { status: 'void' })], 'a', 'side')).toBeNull();
  });
});
