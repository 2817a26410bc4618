import { jest } from '@jest/globals';
import { person, stateOf, unitContext, EVENT, type UnitContext } from '../../test/support/unit.js';
import { TokenService } from '../auth/token.service.js';
import { AppEvents } from '../common/app-events.js';
import { EventsService } from '../events/events.service.js';
import { CrashService } from './crash.service.js';
import { MemoryCrashStore } from './store/memory-crash.store.js';

describe("CrashService: the audience's own points in the snapshot", () => {
  let ctx: UnitContext;
  let store: MemoryCrashStore;
  let read: ReturnType<typeof jest.spyOn>;

  beforeEach(async () => {
    ctx = await unitContext();
    store = new MemoryCrashStore(ctx.clock);
    const { config, broadcaster, snapshots, ticker } = ctx;
    const events = new EventsService(ctx.events, new TokenService(config));
    new CrashService(store, new AppEvents(), events, broadcaster, snapshots, ticker, config).onModuleInit();
    read = jest.spyOn(store, 'standing');
  });
  afterEach(() => ctx.close());

  it('reads no standing while nobody has points, and each person its own once someone has', async () => {
    const ana = person('audience', 'ana');
    expect((await stateOf(ctx.snapshots, ana)).me).toMatchObject({ id: 'ana', points: 0, rank: null });
    expect(read).not.toHaveBeenCalled();

    await store.award(EVENT, 'p1', ['ben'], 100);
    expect((await stateOf(ctx.snapshots, ana)).me).toMatchObject({ id: 'ana', points: 0, rank: null });
    expect((await stateOf(ctx.snapshots, person('audience', 'ben'))).me).toMatchObject({ points: 100, rank: 1 });
    expect(read).toHaveBeenCalledTimes(2);
  });
});
