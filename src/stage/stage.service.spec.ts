import { plainToInstance } from 'class-transformer';
import { person, stateOf, unitContext, EVENT, type UnitContext } from '../../test/support/unit.js';
import { StageCueDto } from './dto/stage.dto.js';
import { StageService } from './stage.service.js';
import { MemoryStageStore } from './store/memory-stage.store.js';

const operator = person('operator', 'o-1');
const cueDto = (plain: object): StageCueDto => plainToInstance(StageCueDto, plain);

describe('StageService', () => {
  let ctx: UnitContext;
  let stage: StageService;

  beforeEach(async () => {
    ctx = await unitContext();
    stage = new StageService(new MemoryStageStore(ctx.clock), ctx.broadcaster, ctx.snapshots, ctx.ticker);
    stage.onModuleInit();
  });

  afterEach(() => ctx.close());

  it('sends a cue to every role with the seq it raised, and keeps it for the snapshot until cleared', async () => {
    const cue = await stage.cue(operator, cueDto({ kind: 'announcement', title: 'Doors open', until: 99 }));
    expect(cue).toMatchObject({ kind: 'announcement', title: 'Doors open', until: 99 });
    const message = { event: 'stage:cue', payload: { seq: 1, cue } };
    expect(ctx.broadcaster.changes).toEqual([
      { eventId: EVENT, seq: 1, views: { audience: message, operator: message, screen: message } },
    ]);
    expect((await stateOf(ctx.snapshots, person('audience', 'a-1'))).stage.cue).toEqual(cue);
    await stage.cue(operator, cueDto({ kind: 'clear' }));
    expect(ctx.broadcaster.changes.map((c) => c.seq)).toEqual([1, 2]);
    const after = await ctx.snapshots.build(person('screen', 's-1'));
    expect(after).toMatchObject({ seq: 2, stage: { cue: null } });
  });

  it('sends reactions as bursts of what came since the last tick, never older ones, never empty', async () => {
    await stage.react(person('audience', 'a-1'), '👏');
    // The first tick sets the baseline: reactions from before this node looked are not a burst.
    await ctx.ticker.tick();
    expect(ctx.broadcaster.locals).toEqual([]);
    for (const emoji of ['🔥', '🔥', '👏']) await stage.react(person('audience', 'a-2'), emoji);
    await ctx.ticker.tick();
    await ctx.ticker.tick();
    // windowMs is whatever time passed between the two ticks: a number, checked apart.
    const [burst, ...others] = ctx.broadcaster.locals;
    const { windowMs, ...rest } = (burst?.payload ?? {}) as { windowMs?: unknown };
    expect(others).toEqual([]);
    expect(typeof windowMs).toBe('number');
    expect({ ...burst, payload: rest }).toEqual({
      eventId: EVENT,
      roles: 'all',
      event: 'reaction:burst',
      payload: { version: 4, counts: { '🔥': 2, '👏': 1 } },
    });
    await stage.react(person('audience', 'a-3'), '❤️');
    await ctx.ticker.tick();
    expect(ctx.broadcaster.locals.at(-1)?.payload).toMatchObject({ version: 5, counts: { '❤️': 1 } });
    expect(ctx.broadcaster.locals).toHaveLength(2);
  });
});
