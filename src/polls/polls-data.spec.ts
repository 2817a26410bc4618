import { plainToInstance } from 'class-transformer';
import { EVENT, person, unitContext, type UnitContext } from '../../test/support/unit.js';
import { EventData } from '../events/event-data.js';
import { CastVoteDto, CreatePollDto } from './dto/poll.dto.js';
import { PollsData } from './polls-data.js';
import { PollsService } from './polls.service.js';
import { MemoryPollStore } from './store/memory-poll.store.js';

const operator = person('operator', 'op');
const [ana, ben] = [person('audience', 'ana', 'DE'), person('audience', 'ben', 'FR')];

describe('PollsData (section 11)', () => {
  let ctx: UnitContext;
  let polls: PollsService;
  let data: PollsData;
  let registry: EventData;

  beforeEach(async () => {
    ctx = await unitContext();
    const store = new MemoryPollStore(ctx.clock);
    polls = new PollsService(store, ctx.broadcaster, ctx.snapshots, ctx.ticker);
    registry = new EventData();
    data = new PollsData(store, polls, registry);
    data.onModuleInit();
    for (const [id, kind] of [
      ['p1', 'single'],
      ['p2', 'text'],
      ['p3', 'single'],
    ] as const) {
      const options = kind === 'single' ? [{ label: { en: 'Yes' } }, { label: { en: 'No' } }] : undefined;
      await polls.create(operator, plainToInstance(CreatePollDto, { id, kind, question: { en: id }, options }));
    }
    await polls.change(operator, 'p1', 'open');
    await polls.change(operator, 'p2', 'open');
    await polls.vote(ana, plainToInstance(CastVoteDto, { pollId: 'p1', optionIds: ['o1'] }));
    await polls.vote(ben, plainToInstance(CastVoteDto, { pollId: 'p1', optionIds: ['o2'] }));
    await polls.vote(ana, plainToInstance(CastVoteDto, { pollId: 'p2', text: 'Seat belts' }));
  });
  afterEach(() => ctx.close());

  it('registers itself as `polls`', () => {
    expect(registry.parts).toEqual([data]);
    expect(data.name).toBe('polls');
  });

  it('reports every poll, oldest first, drafts included, with its operator tally', async () => {
    const { polls: all } = await data.report(EVENT);
    expect(all.map((p) => [p.id, p.status, p.tally.total])).toEqual([
      ['p1', 'open', 2],
      ['p2', 'open', 1],
      ['p3', 'draft', 0],
    ]);
    expect(all[1]?.tally.answers?.map((a) => [a.text, a.country])).toEqual([['Seat belts', 'DE']]);
  });

  it('gives one results CSV per poll, as the REST route does', async () => {
    const files = await data.csv(EVENT);
    expect(files.map((f) => f.name)).toEqual(['poll-p1.csv', 'poll-p2.csv', 'poll-p3.csv']);
    expect(files[0]?.content.split('\r\n')[0]).toBe('section,key,label,count,percent');
    expect(files[1]?.content).toContain('Seat belts');
  });

  it("exports exactly a person's votes, and nothing once erased; the tally stays", async () => {
    expect(await data.exportPerson(EVENT, 'ana')).toEqual({
      votes: [
        { pollId: 'p1', question: { en: 'p1' }, vote: { optionIds: ['o1'] } },
        { pollId: 'p2', question: { en: 'p2' }, vote: { text: 'Seat belts' } },
      ],
    });
    expect(await data.exportPerson(EVENT, 'nobody')).toBeNull();
    const before = (await data.report(EVENT)).polls.map((p) => [p.tally.total, p.tally.counts, p.tally.byCountry]);
    await data.erasePerson(EVENT, 'ana');
    expect(await data.exportPerson(EVENT, 'ana')).toBeNull();
    const after = await data.report(EVENT);
    expect(after.polls.map((p) => [p.tally.total, p.tally.counts, p.tally.byCountry])).toEqual(before);
    expect(after.polls[1]?.tally.answers?.map((a) => [a.text, a.country])).toEqual([['Seat belts', null]]);
  });

  it('resets to drafts without votes, then deletes every poll', async () => {
    await data.reset(EVENT);
    const { polls: all } = await data.report(EVENT);
    expect(all.map((p) => [p.status, p.tally.total])).toEqual([
      ['draft', 0],
      ['draft', 0],
      ['draft', 0],
    ]);
    await data.deleteEvent(EVENT);
    expect(await data.report(EVENT)).toEqual({ polls: [] });
  });
});
