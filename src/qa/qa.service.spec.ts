import { jest } from '@jest/globals';
import { person as someone, stateOf, unitContext, type UnitContext } from '../../test/support/unit.js';
import { TokenService } from '../auth/token.service.js';
import { EventsService } from '../events/events.service.js';
import { AskLimit } from './ask-limit.js';
import { QaService } from './qa.service.js';
import { MemoryQuestionStore } from './store/memory-question.store.js';

const person = (i: number): ReturnType<typeof someone> => someone('audience', `a-${i}`);

describe('QaService upvote counters', () => {
  let ctx: UnitContext;
  let qa: QaService;
  let store: MemoryQuestionStore;

  beforeEach(async () => {
    ctx = await unitContext({ QA_ASK_LIMIT: '1000', QA_UPVOTE_LIMIT: '10000' }, false);
    const { config, clock, events, broadcaster, snapshots, ticker } = ctx;
    const people = new EventsService(events, new TokenService(config));
    store = new MemoryQuestionStore(clock);
    qa = new QaService(store, people, broadcaster, snapshots, ticker, new AskLimit(config, null), config);
    qa.onModuleInit();
  });

  afterEach(() => ctx.close());

  const sentCounts = (): Record<string, number>[] =>
    ctx.broadcaster.locals
      .filter((m) => m.event === 'qa:upvotes')
      .map((m) => (m.payload as { counts: Record<string, number> }).counts);

  it('sends the top 200 counts on every move, and below the top only the counts that moved', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 205; i++) ids.push((await qa.ask(person(i), { text: `Question number ${i}?` })).id);
    // The first 200 questions get one upvote each, so the last five rank below the top 200.
    for (let i = 0; i < 200; i++) await qa.upvote(person(i), ids[i] ?? '', true);
    await ctx.ticker.tick();
    const first = sentCounts().at(-1) ?? {};
    expect(Object.keys(first)).toHaveLength(205);
    await qa.upvote(person(1), ids[0] ?? '', true);
    await ctx.ticker.tick();
    const second = sentCounts().at(-1) ?? {};
    expect(Object.keys(second)).toHaveLength(200);
    expect(second[ids[0] ?? '']).toBe(2);
    const last = ids[204] ?? '';
    await qa.upvote(person(7), last, true);
    await ctx.ticker.tick();
    // Still 201st by count (1 upvote, newest): outside the top, sent because it moved.
    const third = sentCounts().at(-1) ?? {};
    expect(third[last]).toBe(1);
    expect(Object.keys(third)).toHaveLength(201);
    await ctx.ticker.tick();
    expect(sentCounts()).toHaveLength(3);
  });

  it("reads no one's upvotes while no question is in view, and each person's own once one is", async () => {
    const read = jest.spyOn(store, 'upvotedBy');
    expect((await stateOf(ctx.snapshots, person(1))).myUpvotes).toEqual([]);
    expect(read).not.toHaveBeenCalled();

    const q = await qa.ask(person(2), { text: 'Which engine is quieter?' });
    await qa.upvote(person(1), q.id, true);
    expect((await stateOf(ctx.snapshots, person(1))).myUpvotes).toEqual([q.id]);
    expect((await stateOf(ctx.snapshots, person(3))).myUpvotes).toEqual([]);
    expect(read).toHaveBeenCalledTimes(2);
  });
});
