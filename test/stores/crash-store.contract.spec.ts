import type { Actor, CrashState, CrashStore, ResultChange } from '../../src/crash/crash.store.js';
import type { Board, Entry, Result } from '../../src/crash/crash.types.js';
import { MemoryCrashStore } from '../../src/crash/store/memory-crash.store.js';
import { RedisCrashStore } from '../../src/crash/store/redis-crash.store.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import {
  connectRedis,
  freshEventId,
  tagsOfAllKeys,
  throughOutage,
  type Subject,
  storeContract,
} from './contract-support.js';

const { server, backends } = storeContract<CrashStore>(
  'crash-contract',
  (clock) => new MemoryCrashStore(clock),
  (conn) => new RedisCrashStore(conn),
);

const op: Actor = { id: 'op-1', name: 'Operator Olga' };
const anon: Actor = { id: 'op-2', name: null };
const kestrel: Entry = { id: 'kestrel-x', name: 'Kestrel X', brand: 'Apex', model: 'AWD', country: 'DE' };
const sora: Entry = { id: 'sora', name: 'Sora City · ソラ', brand: 'Hikari' };
const result = (over: Partial<Result> = {}): Result => ({
  id: 'r1',
  entryId: kestrel.id,
  test: 'side',
  score: 88.5,
  stars: 4,
  metrics: { hic: 310, chest: 21.5 },
  status: 'valid',
  at: 1_000,
  ...over,
});
const board = (version: number): Board => ({
  version,
  frozen: true,
  tests: ['side'],
  rows: [{ rank: 1, entryId: kestrel.id, name: kestrel.name, brand: kestrel.brand, total: 88.5, stars: 0, scores: {} }],
});

const changed = (seq: number, before: Result | null, after: Result): ResultChange => ({
  kind: 'changed',
  seq,
  version: seq,
  before,
  after,
});

/** The state with entries and results in id order (a hash has none). */
function sorted(state: CrashState): CrashState {
  const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : 1);
  return { ...state, entries: [...state.entries].sort(byId), results: [...state.results].sort(byId) };
}

describe.each(backends)('CrashStore contract (%s)', (_name, make) => {
  let s: Subject<CrashStore>;
  let store: CrashStore;
  let ev: string;
  beforeAll(async () => {
    s = await make();
    store = s.store;
  });
  afterAll(() => s.close());
  beforeEach(() => {
    ev = freshEventId('crash');
  });

  it('starts empty', async () => {
    expect(await store.state(ev)).toEqual({ entries: [], results: [], version: 0, frozen: null });
    expect(await store.audit(ev)).toEqual([]);
    expect(await store.predictors(ev, 10)).toEqual({ version: 0, rows: [] });
    expect(await store.standing(ev, 'anyone')).toBeNull();
    expect(await s.clock.seq(ev)).toBe(0);
  });

  it('upserts entries by id: new content raises seq and version, the same content changes nothing', async () => {
    expect(await store.upsertEntry(ev, kestrel)).toEqual({ kind: 'changed', seq: 1, version: 1 });
    expect(await store.upsertEntry(ev, { ...kestrel })).toEqual({ kind: 'unchanged' });
    expect(await store.upsertEntry(ev, sora)).toEqual({ kind: 'changed', seq: 2, version: 2 });
    const renamed = { ...kestrel, model: 'AWD Performance' };
    expect(await store.upsertEntry(ev, renamed)).toEqual({ kind: 'changed', seq: 3, version: 3 });
    expect(sorted(await store.state(ev))).toEqual({ entries: [renamed, sora], results: [], version: 3, frozen: null });
    expect(await s.clock.seq(ev)).toBe(3);
  });

  it('creates a result once; the same content again (another time) changes nothing, metrics in any order', async () => {
    await store.upsertEntry(ev, kestrel);
    const first = result();
    expect(await store.upsertResult(ev, first, op)).toEqual(changed(2, null, first));
    const again = result({ at: 5_000, metrics: { chest: 21.5, hic: 310 } });
    expect(await store.upsertResult(ev, again, anon)).toEqual({ kind: 'unchanged' });
    expect((await store.state(ev)).results).toEqual([first]);
    expect(await store.audit(ev)).toHaveLength(1);
    expect(await s.clock.seq(ev)).toBe(2);
  });

  it('amends a result on new content: before and after, one seq each; a new time only for a new score', async () => {
    await store.upsertEntry(ev, kestrel);
    await store.upsertEntry(ev, sora);
    await store.upsertResult(ev, result(), op);
    const { metrics: _m, stars: _s, ...bare } = result({ score: 90 });
    // [sent, the time it keeps]: fixing stars or metrics keeps the time the score was reached.
    const steps: [Result, number][] = [
      [result({ score: 90, at: 2_000 }), 2_000],
      [result({ score: 90, stars: 5, at: 3_000 }), 2_000],
      [result({ score: 90, stars: 5, metrics: { hic: 300 }, at: 4_000 }), 2_000],
      [{ ...bare, at: 5_000 }, 2_000],
      [{ ...bare, test: 'frontal', at: 6_000 }, 6_000],
      [{ ...bare, test: 'frontal', entryId: sora.id, at: 7_000 }, 7_000],
      [{ ...bare, test: 'frontal', entryId: sora.id, score: 91, at: 8_000 }, 8_000],
    ];
    let before = result();
    for (const [i, [sent, at]] of steps.entries()) {
      const after = { ...sent, at };
      expect(await store.upsertResult(ev, sent, op)).toEqual(changed(4 + i, before, after));
      before = after;
    }
    expect((await store.state(ev)).results).toEqual([before]);
  });

  it('answers missing for a result of an unknown entry, and stores nothing', async () => {
    await store.upsertEntry(ev, kestrel);
    expect(await store.upsertResult(ev, result({ entryId: 'ghost' }), op)).toEqual({ kind: 'missing' });
    await store.upsertResult(ev, result(), op);
    expect(await store.upsertResult(ev, result({ entryId: 'ghost', at: 9 }), op)).toEqual({ kind: 'missing' });
    expect((await store.state(ev)).results).toEqual([result()]);
    expect(await store.audit(ev)).toHaveLength(1);
    expect(await s.clock.seq(ev)).toBe(2);
  });

  it('voids a result once; voiding again or an unknown result changes nothing', async () => {
    await store.upsertEntry(ev, kestrel);
    const valid = result();
    await store.upsertResult(ev, valid, op);
    const voided: Result = { ...valid, status: 'void' };
    expect(await store.voidResult(ev, 'r1', 2_000, anon)).toEqual(changed(3, valid, voided));
    expect(await store.voidResult(ev, 'r1', 3_000, op)).toEqual({ kind: 'unchanged' });
    expect(await store.voidResult(ev, 'nope', 3_000, op)).toEqual({ kind: 'missing' });
    expect(await store.state(ev)).toEqual({ entries: [kestrel], results: [voided], version: 3, frozen: null });
    expect(await s.clock.seq(ev)).toBe(3);
  });

  it('keeps a void result void on the same content, and makes it valid again on new content', async () => {
    await store.upsertEntry(ev, kestrel);
    await store.upsertResult(ev, result(), op);
    await store.voidResult(ev, 'r1', 2_000, op);
    expect(await store.upsertResult(ev, result({ at: 3_000 }), op)).toEqual({ kind: 'unchanged' });
    expect((await store.state(ev)).results[0]?.status).toBe('void');
    const amended = result({ score: 70, at: 4_000 });
    expect(await store.upsertResult(ev, amended, op)).toEqual(changed(4, { ...result(), status: 'void' }, amended));
    expect((await store.state(ev)).results).toEqual([amended]);
  });

  it('keeps the audit trail oldest first, with who, what, before and after; filtered by result', async () => {
    await store.upsertEntry(ev, kestrel);
    const r1 = result();
    const r2 = result({ id: 'r2', test: 'frontal', score: 60, at: 1_500 });
    const r1b = result({ score: 91, at: 2_000 });
    await store.upsertResult(ev, r1, op);
    await store.upsertResult(ev, r2, anon);
    await store.upsertResult(ev, r1b, anon);
    await store.upsertResult(ev, r1b, op); // the same content: not audited
    await store.voidResult(ev, 'r2', 3_000, op);
    const r2void = { ...r2, status: 'void' };
    const all = [
      { at: 1_000, by: op, action: 'create', resultId: 'r1', before: null, after: r1 },
      { at: 1_500, by: anon, action: 'create', resultId: 'r2', before: null, after: r2 },
      { at: 2_000, by: anon, action: 'amend', resultId: 'r1', before: r1, after: r1b },
      { at: 3_000, by: op, action: 'void', resultId: 'r2', before: r2, after: r2void },
    ];
    expect(await store.audit(ev)).toEqual(all);
    expect(await store.audit(ev, 'r1')).toEqual([all[0], all[2]]);
    expect(await store.audit(ev, 'r2')).toEqual([all[1], all[3]]);
    expect(await store.audit(ev, 'r3')).toEqual([]);
  });

  it('freezes once, if nothing changed since the version given; unfreezes once; both raise seq and version', async () => {
    await store.upsertEntry(ev, kestrel);
    await store.upsertResult(ev, result(), op);
    expect(await store.freeze(ev, board(3), 1)).toEqual({ kind: 'stale' });
    expect((await store.state(ev)).frozen).toBeNull();
    expect(await store.freeze(ev, board(3), 2)).toEqual({ kind: 'changed', seq: 3, version: 3 });
    expect(await store.state(ev)).toMatchObject({ version: 3, frozen: board(3) });
    // Already frozen: the first freeze stands, whatever the version.
    expect(await store.freeze(ev, board(99), 3)).toEqual({ kind: 'unchanged' });
    expect(await store.freeze(ev, board(99), 0)).toEqual({ kind: 'unchanged' });
    // Changes while frozen keep the frozen board.
    await store.upsertResult(ev, result({ score: 40, at: 2_000 }), op);
    expect(await store.state(ev)).toMatchObject({ version: 4, frozen: board(3) });
    expect(await store.unfreeze(ev)).toEqual({ kind: 'changed', seq: 5, version: 5 });
    expect(await store.unfreeze(ev)).toEqual({ kind: 'unchanged' });
    expect(await store.state(ev)).toMatchObject({ version: 5, frozen: null });
    expect(await store.freeze(ev, board(6), 5)).toEqual({ kind: 'changed', seq: 6, version: 6 });
    expect(await s.clock.seq(ev)).toBe(6);
  });

  it("answers the state's version alone: 0 at first, then as every change raises it", async () => {
    expect(await store.version(ev)).toBe(0);
    await store.upsertEntry(ev, kestrel);
    await store.upsertResult(ev, result(), op);
    expect(await store.version(ev)).toBe(2);
    await store.freeze(ev, board(3), 2);
    await store.award(ev, 'p1', ['ana'], 100);
    expect(await store.version(ev)).toBe(3);
    expect(await store.version(ev)).toBe((await store.state(ev)).version);
  });

  it('awards points per poll and moves them on a re-award: never twice; zero points leave the board', async () => {
    expect(await store.award(ev, 'p1', ['ana', 'ben'], 100)).toBeUndefined();
    await store.award(ev, 'p2', ['ana'], 100);
    expect(await store.predictors(ev, 10)).toEqual({
      version: 2,
      rows: [
        { id: 'ana', points: 200 },
        { id: 'ben', points: 100 },
      ],
    });
    await store.award(ev, 'p1', ['ben', 'cara'], 100);
    await store.award(ev, 'p1', ['ben', 'cara'], 100);
    expect((await store.predictors(ev, 10)).rows).toEqual([
      { id: 'ana', points: 100 },
      { id: 'ben', points: 100 },
      { id: 'cara', points: 100 },
    ]);
    await store.award(ev, 'p1', [], 100);
    expect(await store.predictors(ev, 10)).toEqual({ version: 5, rows: [{ id: 'ana', points: 100 }] });
    expect(await store.standing(ev, 'ben')).toBeNull();
    expect(await store.standing(ev, 'ana')).toEqual({ points: 100, rank: 1 });
    await store.award(ev, 'p2', [], 100);
    expect(await store.predictors(ev, 10)).toEqual({ version: 6, rows: [] });
    expect(await store.standing(ev, 'ana')).toBeNull();
    expect((await s.clock.versions(ev)).predictors).toBe(6);
    expect(await s.clock.seq(ev)).toBe(0);
  });

  it('orders predictors by points, ties in id order, keeps the top n, and ranks a standing with shared ranks', async () => {
    await store.award(ev, 'p1', ['dan', 'bo', 'cy', 'al', 'eve'], 100);
    await store.award(ev, 'p2', ['eve'], 100);
    await store.award(ev, 'p3', ['al'], 50);
    expect((await store.predictors(ev, 10)).rows).toEqual([
      { id: 'eve', points: 200 },
      { id: 'al', points: 150 },
      { id: 'bo', points: 100 },
      { id: 'cy', points: 100 },
      { id: 'dan', points: 100 },
    ]);
    expect((await store.predictors(ev, 3)).rows.map((r) => r.id)).toEqual(['eve', 'al', 'bo']);
    expect((await store.predictors(ev, 1)).rows).toEqual([{ id: 'eve', points: 200 }]);
    expect(await store.standing(ev, 'eve')).toEqual({ points: 200, rank: 1 });
    expect(await store.standing(ev, 'al')).toEqual({ points: 150, rank: 2 });
    for (const id of ['bo', 'cy', 'dan']) expect(await store.standing(ev, id)).toEqual({ points: 100, rank: 3 });
    await store.award(ev, 'p2', ['eve', 'al'], 100);
    expect(await store.standing(ev, 'eve')).toEqual({ points: 200, rank: 2 });
    expect(await store.standing(ev, 'al')).toEqual({ points: 250, rank: 1 });
    expect(await store.standing(ev, 'nobody')).toBeNull();
  });

  it('keeps two events apart', async () => {
    const other = freshEventId('crash');
    await store.upsertEntry(ev, kestrel);
    await store.upsertResult(ev, result(), op);
    await store.award(ev, 'p1', ['ana'], 100);
    expect(await store.upsertEntry(other, sora)).toEqual({ kind: 'changed', seq: 1, version: 1 });
    expect(await store.upsertResult(other, result(), op)).toEqual({ kind: 'missing' });
    expect(await store.voidResult(other, 'r1', 5, op)).toEqual({ kind: 'missing' });
    expect(await store.state(other)).toEqual({ entries: [sora], results: [], version: 1, frozen: null });
    expect(await store.audit(other)).toEqual([]);
    expect(await store.predictors(other, 10)).toEqual({ version: 0, rows: [] });
    expect(await store.state(ev)).toEqual({ entries: [kestrel], results: [result()], version: 2, frozen: null });
  });
});

describe('RedisCrashStore only', () => {
  let conn: RedisConnection;
  let store: RedisCrashStore;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'crash-redis-only');
    store = new RedisCrashStore(conn);
  });
  afterAll(() => conn.onModuleDestroy());

  it('writes every key of an event under its hash tag', async () => {
    await conn.client.flushall();
    const ev = freshEventId('crash');
    await store.upsertEntry(ev, kestrel);
    await store.upsertResult(ev, result(), op);
    await store.freeze(ev, board(3), 2);
    await store.award(ev, 'p1', ['ana'], 100);
    const { keys, tags } = await tagsOfAllKeys(conn);
    // entries, results, meta, audit, seq, points, awarded, versions
    expect(keys).toHaveLength(8);
    expect(tags).toEqual([`ev:${ev}`]);
  });

  it('keeps working after SCRIPT FLUSH', async () => {
    const ev = freshEventId('crash');
    await store.upsertEntry(ev, kestrel);
    await conn.client.script('FLUSH');
    expect(await store.upsertResult(ev, result(), op)).toMatchObject({ kind: 'changed', seq: 2 });
    await conn.client.script('FLUSH');
    expect(await store.freeze(ev, board(3), 2)).toEqual({ kind: 'changed', seq: 3, version: 3 });
    await conn.client.script('FLUSH');
    await store.award(ev, 'p1', ['ana'], 100);
    expect(await store.standing(ev, 'ana')).toEqual({ points: 100, rank: 1 });
  });

  it('answers UNAVAILABLE while Redis is down and recovers by itself', async () => {
    const ev = freshEventId('crash');
    await store.upsertEntry(ev, kestrel);
    const codes = await throughOutage(server(), conn, [
      () => store.upsertEntry(ev, sora),
      () => store.upsertResult(ev, result(), op),
      () => store.state(ev),
      () => store.award(ev, 'p1', ['ana'], 100),
      () => store.predictors(ev, 10),
    ]);
    expect(codes).toEqual(Array(5).fill('UNAVAILABLE'));
    // The restarted server keeps no data (no appendonly): a new event shows the store works again.
    const after = freshEventId('crash');
    await store.upsertEntry(after, kestrel);
    expect(await store.upsertResult(after, result(), op)).toMatchObject({ kind: 'changed', seq: 2 });
    expect(await store.state(after)).toEqual({ entries: [kestrel], results: [result()], version: 2, frozen: null });
  });
});
