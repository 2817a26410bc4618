import type { Board, BoardRow, Entry, Result } from './crash.types.js';

interface Standing {
  entry: Entry;
  scores: Record<string, number>;
  total: number;
  fiveStars: number;
  /** When the entry reached its current total: the latest of its best results' times. */
  reachedAt: number;
}

/**
 * PROTOCOL section 6: per test the entry's best valid score (the earliest result with it), summed;
 * ranked by total (high to low), then by the number of valid 5-star results, then by who reached the
 * total first. Equal on all three: the same rank ("1, 1, 3"). Entries without results rank last
 * with 0, in id order.
 */
export function rankBoard(entries: Entry[], results: Result[], version: number, frozen = false): Board {
  const tests = [...new Set(results.filter((r) => r.status === 'valid').map((r) => r.test))].sort();
  const standings = new Map<string, Standing>();
  for (const entry of entries) standings.set(entry.id, { entry, scores: {}, total: 0, fiveStars: 0, reachedAt: 0 });
  const bestAt = new Map<string, number>();
  for (const r of results) {
    const s = standings.get(r.entryId);
    if (!s || r.status !== 'valid') continue;
    const key = `${r.entryId}\u0000${r.test}`;
    const best = s.scores[r.test];
    if (best === undefined || r.score > best || (r.score === best && r.at < (bestAt.get(key) ?? Infinity))) {
      s.scores[r.test] = r.score;
      bestAt.set(key, r.at);
    }
    if (r.stars === 5) s.fiveStars += 1;
  }
  for (const s of standings.values()) {
    // Scores have 2 decimals: compare totals to the cent, so 10.1 + 20.2 ties with 30.3.
    s.total = Math.round(Object.values(s.scores).reduce((a, b) => a + b, 0) * 100) / 100;
    s.reachedAt = Math.max(0, ...Object.keys(s.scores).map((t) => bestAt.get(`${s.entry.id}\u0000${t}`) ?? 0));
  }
  const hasResults = (s: Standing): boolean => Object.keys(s.scores).length > 0;
  const order = (a: Standing, b: Standing): number =>
    Number(hasResults(b)) - Number(hasResults(a)) ||
    b.total - a.total ||
    b.fiveStars - a.fiveStars ||
    a.reachedAt - b.reachedAt;
  const sorted = [...standings.values()].sort((a, b) => order(a, b) || (a.entry.id < b.entry.id ? -1 : 1));
  const rows: BoardRow[] = [];
  sorted.forEach((s, i) => {
    const previous = sorted[i - 1];
    const rank = previous && order(previous, s) === 0 ? rows[i - 1].rank : i + 1;
    rows.push({
      rank,
      entryId: s.entry.id,
      name: s.entry.name,
      brand: s.entry.brand,
      total: s.total,
      stars: s.fiveStars,
      scores: s.scores,
    });
  });
  return { version, frozen, tests, rows };
}

/** The board as the audience and screens get it: the top N rows. */
export function topOf(board: Board, n: number): Board {
  return { ...board, rows: board.rows.slice(0, n) };
}
