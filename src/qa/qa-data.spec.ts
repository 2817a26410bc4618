import { EVENT, person, unitContext, type UnitContext } from '../../test/support/unit.js';
import { TokenService } from '../auth/token.service.js';
import { EventData } from '../events/event-data.js';
import { EventsService } from '../events/events.service.js';
import { AskLimit } from './ask-limit.js';
import { QaData } from './qa-data.js';
import { QaService } from './qa.service.js';
import { MemoryQuestionStore } from './store/memory-question.store.js';

const operator = person('operator', 'op');
const ana = { ...person('audience', 'ana', 'DE'), name: 'Ana', koc: true };
const ben = { ...person('audience', 'ben', 'FR'), name: 'Ben' };

describe('QaData (section 11)', () => {
  let ctx: UnitContext;
  let qa: QaService;
  let data: QaData;
  let ids: string[];

  beforeEach(async () => {
    ctx = await unitContext({ QA_ASK_LIMIT: '2' }, false);
    const { config, clock, events, broadcaster, snapshots, ticker } = ctx;
    const store = new MemoryQuestionStore(clock);
    const askLimit = new AskLimit(config, null);
    qa = new QaService(
      store,
      new EventsService(events, new TokenService(config)),
      broadcaster,
      snapshots,
      ticker,
      askLimit,
      config,
    );
    data = new QaData(store, qa, askLimit, new EventData());
    ids = [];
    ids.push((await qa.ask(ana, { text: 'Why do crash dummies have no names?' })).id);
    ids.push((await qa.ask(ben, { text: 'What is a KOC?' })).id);
    ids.push((await qa.ask(ben, { text: 'Can I drive the winner?' })).id);
    await qa.upvote(ana, ids[1] ?? '', true);
    await qa.upvote(ben, ids[1] ?? '', true);
    await qa.upvote(ben, ids[0] ?? '', true);
    await qa.moderate(operator, ids[2] ?? '', 'reject');
  });
  afterEach(() => ctx.close());

  it('reports the forum: totals by status, KOC questions, upvotes and the top by upvotes', async () => {
    const { forum } = await data.report(EVENT);
    expect({ ...forum, top: forum.top.map((q) => [q.id, q.upvotes]) }).toEqual({
      total: 3,
      byStatus: { pending: 0, approved: 2, answered: 0, rejected: 1 },
      koc: 1,
      upvotes: 3,
      top: [
        [ids[1], 2],
        [ids[0], 1],
      ],
    });
    const [csv] = await data.csv(EVENT);
    expect(csv?.name).toBe('questions.csv');
    expect(csv?.content).toContain('Can I drive the winner?');
  });

  it("exports a person's questions and upvotes; after erasure neither, the counts stay, the ask limit is free", async () => {
    const mine = await data.exportPerson(EVENT, 'ana');
    expect(mine?.questions.map((q) => [q.text, q.author])).toEqual([
      ['Why do crash dummies have no names?', { name: 'Ana', country: 'DE', koc: true }],
    ]);
    expect(mine?.upvotes).toEqual([{ questionId: ids[1], text: 'What is a KOC?' }]);
    await qa.ask(ana, { text: 'One more question?' }); // her second of two per minute
    await data.erasePerson(EVENT, 'ana');
    expect(await data.exportPerson(EVENT, 'ana')).toBeNull();
    const all = await qa.list(EVENT);
    expect(all.filter((q) => q.author.koc).map((q) => [q.author, q.authorId])).toEqual([
      [{ name: null, country: null, koc: true }, ''],
      [{ name: null, country: null, koc: true }, ''],
    ]);
    expect(all.map((q) => q.upvotes).sort()).toEqual([0, 0, 1, 2]);
    await qa.ask(ana, { text: 'Her count is gone with her?' });
  });

  it('resets to no questions, keeping the moderation setting', async () => {
    await qa.setModeration(operator, true);
    await data.reset(EVENT);
    expect((await data.report(EVENT)).forum.total).toBe(0);
    expect((await qa.ask(ana, { text: 'Held for a moderator?' })).status).toBe('pending');
  });
});
