import { jest } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import type { Role } from '../auth/identity.js';
import { CastVoteDto, CreatePollDto } from '../polls/dto/poll.dto.js';
import type { Tally } from '../polls/poll.types.js';
import { PollsService } from '../polls/polls.service.js';
import { MemoryPollStore } from '../polls/store/memory-poll.store.js';
import { EVENT, person, stateOf, unitContext, type UnitContext } from '../../test/support/unit.js';

const operator = person('operator', 'o-1');
const options = [
  { id: 'a', label: { en: 'A' } },
  { id: 'b', label: { en: 'B' } },
];
const vote = (optionId: string): CastVoteDto => plainToInstance(CastVoteDto, { pollId: 'p1', optionIds: [optionId] });

describe('SnapshotService', () => {
  let ctx: UnitContext;
  let polls: PollsService;
  let store: MemoryPollStore;

  beforeEach(async () => {
    ctx = await unitContext();
    store = new MemoryPollStore(ctx.clock);
    polls = new PollsService(store, ctx.broadcaster, ctx.snapshots, ctx.ticker);
    polls.onModuleInit();
    const poll = { id: 'p1', kind: 'single', question: { en: 'Q' }, options };
    await polls.create(operator, plainToInstance(CreatePollDto, poll));
    await polls.change(operator, 'p1', 'open');
  });

  afterEach(() => ctx.close());

  /** The counter of `event` the sockets of this node were last sent (poll:tally). */
  const lastBroadcast = (): Tally => {
    const tallies = ctx.broadcaster.locals.filter((l) => l.event === 'poll:tally');
    return tallies[tallies.length - 1]?.payload as Tally;
  };
  const tallyIn = async (id: string): Promise<Tally | undefined> =>
    (await stateOf(ctx.snapshots, person('audience', id))).polls[0]?.tally;

  it('builds the shared part once for everyone of a role connecting at one state, the personal part for each', async () => {
    const list = jest.spyOn(store, 'list');
    const votesOf = jest.spyOn(store, 'votesOf');
    await polls.vote(person('audience', 'a-1'), vote('a'));
    const states = await Promise.all(['a-1', 'a-2', 'a-3'].map((id) => stateOf(ctx.snapshots, person('audience', id))));
    await stateOf(ctx.snapshots, person('audience', 'a-4'));
    expect(list).toHaveBeenCalledTimes(1);
    expect(votesOf).toHaveBeenCalledTimes(4);
    expect(states.map((s) => s.myVotes)).toEqual([{ p1: { optionIds: ['a'] } }, {}, {}]);
    expect(states.map((s) => s.me?.id)).toEqual(['a-1', 'a-2', 'a-3']);
    expect(states[0]?.polls).toBe(states[2]?.polls);
    // Another role has its own shared part.
    await stateOf(ctx.snapshots, person('screen', 's-1'));
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('never gives a joiner an older counter than one already broadcast to this node', async () => {
    await polls.vote(person('audience', 'a-1'), vote('a'));
    await ctx.ticker.tick();
    expect(await tallyIn('j-1')).toMatchObject({ total: 1 });
    for (let i = 2; i <= 6; i++) {
      // A vote, then the tick that broadcasts it: every joiner after that sees at least that count.
      await polls.vote(person('audience', `a-${i}`), vote(i % 2 === 0 ? 'b' : 'a'));
      await ctx.ticker.tick();
      const sent = lastBroadcast();
      expect(sent.total).toBe(i);
      const seen = await tallyIn(`j-${i}`);
      expect(seen?.version).toBeGreaterThanOrEqual(sent.version);
      expect(seen?.total).toBe(sent.total);
    }
  });

  it('shows a counter that moved even before the tick broadcasts it', async () => {
    expect(await tallyIn('j-1')).toMatchObject({ total: 0 });
    await polls.vote(person('audience', 'a-1'), vote('a'));
    expect(await tallyIn('j-2')).toMatchObject({ total: 1, counts: { a: 1 } });
  });

  it('builds again after a change of state (seq)', async () => {
    const first = await stateOf(ctx.snapshots, person('audience', 'j-1'));
    await polls.change(operator, 'p1', 'close');
    const second = await stateOf(ctx.snapshots, person('audience', 'j-2'));
    expect(second.seq).toBe(first.seq + 1);
    expect(second.polls[0]?.status).toBe('closed');
  });

  it("reads the person's own part again when the shared part at hand was not current", async () => {
    const me = person('audience', 'a-1');
    expect((await stateOf(ctx.snapshots, me)).myVotes).toEqual({});
    const poll = { id: 'p2', kind: 'single', question: { en: 'Q2' }, options };
    await polls.create(operator, plainToInstance(CreatePollDto, poll));
    await polls.change(operator, 'p2', 'open');
    await polls.vote(me, plainToInstance(CastVoteDto, { pollId: 'p2', optionIds: ['b'] }));
    const state = await stateOf(ctx.snapshots, me);
    expect(state.polls.map((p) => p.id).sort()).toEqual(['p1', 'p2']);
    expect(state.myVotes).toEqual({ p2: { optionIds: ['b'] } });
  });

  it('does not keep a shared part whose read failed', async () => {
    jest.spyOn(store, 'list').mockRejectedValueOnce(new Error('store away'));
    await expect(stateOf(ctx.snapshots, person('audience', 'j-1'))).rejects.toThrow('store away');
    expect((await stateOf(ctx.snapshots, person('audience', 'j-2'))).polls).toHaveLength(1);
  });

  it('refuses a snapshot of an event that does not exist', async () => {
    const stranger = { ...person('audience', 'j-1'), eventId: 'nope' };
    await expect(ctx.snapshots.build(stranger)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each<Role>(['operator', 'screen', 'audience'])('gives the %s its own view of the same state', async (role) => {
    const state = await stateOf(ctx.snapshots, person(role, 'x-1'));
    expect(state.role).toBe(role);
    expect(state.eventId).toBe(EVENT);
    expect(state.me === null).toBe(role !== 'audience');
  });
});
