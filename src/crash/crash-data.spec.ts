import { EVENT, unitContext, type UnitContext } from '../../test/support/unit.js';
import { res } from '../../test/support/crash-fixtures.js';
import { TokenService } from '../auth/token.service.js';
import { EventData } from '../events/event-data.js';
import { EventsService } from '../events/events.service.js';
import { CrashData } from './crash-data.js';
import { MemoryCrashStore } from './store/memory-crash.store.js';

describe('CrashData (section 11)', () => {
  let ctx: UnitContext;
  let store: MemoryCrashStore;
  let data: CrashData;

  beforeEach(async () => {
    ctx = await unitContext();
    store = new MemoryCrashStore(ctx.clock);
    data = new CrashData(store, new EventsService(ctx.events, new TokenService(ctx.config)), new EventData());
    await store.upsertEntry(EVENT, { id: 'e1', name: 'Kestrel', brand: 'Apex' });
    await store.upsertEntry(EVENT, { id: 'e2', name: 'Osprey, "GT"', brand: 'Borealis' });
    await store.upsertResult(EVENT, res('r1', 'e1', 'side', 88, 10, { stars: 5 }), { id: 'op', name: null });
    await store.upsertResult(EVENT, res('r2', 'e2', 'frontal', 70, 20, { metrics: { hic: 312 } }), {
      id: 'op',
      name: null,
    });
    await store.award(EVENT, 'p1', ['ana', 'ben'], 100);
    await store.award(EVENT, 'p2', ['ana'], 100);
  });
  afterEach(() => ctx.close());

  it('reports every board row and every predictor; CSVs of the board, the results and the predictors', async () => {
    const report = await data.report(EVENT);
    expect(report.board.rows.map((r) => [r.rank, r.entryId, r.total])).toEqual([
      [1, 'e1', 88],
      [2, 'e2', 70],
    ]);
    expect(report.predictors.map((p) => [p.rank, p.id, p.points])).toEqual([
      [1, 'ana', 200],
      [2, 'ben', 100],
    ]);
    const files = await data.csv(EVENT);
    expect(files.map((f) => f.name)).toEqual(['crash-board.csv', 'crash-results.csv', 'predictors.csv']);
    expect(files[0]?.content).toBe(
      'rank,entry_id,name,brand,total,stars,frontal,side\r\n1,e1,Kestrel,Apex,88,1,,88\r\n2,e2,"Osprey, ""GT""",Borealis,70,0,70,\r\n',
    );
    expect(files[1]?.content.split('\r\n')[2]).toBe('r2,e2,frontal,70,,valid,1970-01-01T00:00:00.020Z,hic=312');
    expect(files[2]?.content.split('\r\n')[1]).toBe('1,ana,,,200');
  });

  it("exports a person's points, erases them alone, and resets to the entries", async () => {
    expect(await data.exportPerson(EVENT, 'ana')).toEqual({ predictions: { points: 200, rank: 1 } });
    await data.erasePerson(EVENT, 'ana');
    expect(await data.exportPerson(EVENT, 'ana')).toBeNull();
    expect((await data.report(EVENT)).predictors.map((p) => [p.rank, p.id, p.points])).toEqual([[1, 'ben', 100]]);
    await data.reset(EVENT);
    const report = await data.report(EVENT);
    expect([report.board.rows.map((r) => [r.entryId, r.total]), report.predictors]).toEqual([
      [
        ['e1', 0],
        ['e2', 0],
      ],
      [],
    ]);
    await data.deleteEvent(EVENT);
    expect((await data.report(EVENT)).board.rows).toEqual([]);
  });
});
