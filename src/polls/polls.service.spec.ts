import { plainToInstance } from 'class-transformer';
import {
  errorCode as rejection,
  person as who,
  stateOf,
  unitContext,
  type UnitContext,
} from '../../test/support/unit.js';
import type { SnapshotService } from '../events/snapshot.service.js';
import type { CounterTicker } from '../realtime/counter-ticker.js';
import type { RoleViews } from '../realtime/protocol.js';
import { CastVoteDto, CreatePollDto } from './dto/poll.dto.js';
import type { Poll, Tally } from './poll.types.js';
import { PollsService } from './polls.service.js';
import { MemoryPollStore } from './store/memory-poll.store.js';

const operator = who('operator', 'o-1');
const dto = (plain: object): CreatePollDto => plainToInstance(CreatePollDto, plain);
const ballot = (plain: object): CastVoteDto => plainToInstance(CastVoteDto, plain);
const options = [
  { id: 'a', label: { en: 'A', zh: '甲' } },
  { id: 'b', label: { en: 'B', zh: '乙' } },
];

describe('PollsService', () => {
  let ctx: UnitContext;
  let polls: PollsService;
  let ticker: CounterTicker;
  let snapshots: SnapshotService;

  beforeEach(async () => {
    ctx = await unitContext();
    ({ ticker, snapshots } = ctx);
    polls = new PollsService(new MemoryPollStore(ctx.clock), ctx.broadcaster, snapshots, ticker);
    polls.onModuleInit();
  });

  afterEach(() => ctx.close());

  /** The poll:updated payloads each role was sent, change by change. */
  const broadcaster = {
    get changes(): { seq: number; views: RoleViews<{ seq: number; poll?: Poll }> }[] {
      return ctx.broadcaster.changes.map(({ seq, views }) => {
        const payloads = {} as RoleViews<{ seq: number; poll?: Poll }>;
        for (const role of ['audience', 'operator', 'screen'] as const) {
          const view = views[role];
          payloads[role] = view && view.event === 'poll:updated' ? view.payload : null;
        }
        return { seq, views: payloads };
      });
    },
    get locals(): { roles: unknown; payload: unknown }[] {
      return ctx.broadcaster.locals;
    },
  };

  it('broadcasts a new draft to operators only, with seq for everyone', async () => {
    const poll = await polls.create(operator, dto({ id: 'p1', kind: 'single', question: { en: 'Q' }, options }));
    expect(poll).toMatchObject({ id: 'p1', status: 'draft', results: 'live', revealed: false });
    expect(poll.tally).toMatchObject({ total: 0, counts: { a: 0, b: 0 } });
    const [change] = broadcaster.changes;
    expect(change?.seq).toBe(1);
    expect(change?.views.operator?.poll?.id).toBe('p1');
    expect(change?.views.audience).toBeNull();
    expect(change?.views.screen).toBeNull();
  });

  it('hides an on-reveal tally from the audience until revealed', async () => {
    await polls.create(
      operator,
      dto({ id: 'p1', kind: 'single', question: { en: 'Q' }, options, results: 'on-reveal' }),
    );
    await polls.change(operator, 'p1', 'open');
    const opened = broadcaster.changes[1];
    expect(opened?.views.audience?.poll?.tally).toBeUndefined();
    expect(opened?.views.screen?.poll?.tally).toBeDefined();
    await polls.vote(who('audience', 'a-1', 'DE'), ballot({ pollId: 'p1', optionIds: ['a'] }));
    await polls.change(operator, 'p1', 'reveal');
    const revealed = broadcaster.changes[2];
    expect(revealed?.seq).toBe(3);
    expect(revealed?.views.audience?.poll?.tally).toMatchObject({
      total: 1,
      counts: { a: 1, b: 0 },
      byCountry: { DE: 1 },
    });
  });

  it('accepts the revealed field of a Poll at creation: the audience sees that tally from the start', async () => {
    await polls.create(
      operator,
      dto({ id: 'p1', kind: 'single', question: { en: 'Q' }, options, results: 'on-reveal', revealed: true }),
    );
    await polls.change(operator, 'p1', 'open');
    expect(broadcaster.changes[1]?.views.audience?.poll).toMatchObject({ revealed: true, tally: { total: 0 } });
  });

  it('does not raise seq nor broadcast for a change that changes nothing', async () => {
    await polls.create(operator, dto({ id: 'p1', kind: 'single', question: { en: 'Q' }, options }));
    await polls.change(operator, 'p1', 'open');
    const again = await polls.change(operator, 'p1', 'open');
    expect(again.status).toBe('open');
    expect(broadcaster.changes).toHaveLength(2);
  });

  it('answers the protocol codes for bad commands', async () => {
    await polls.create(operator, dto({ id: 'p1', kind: 'single', question: { en: 'Q' }, options }));
    const audience = who('audience', 'a-1');
    expect(await rejection(polls.create(operator, dto({ id: 'p1', kind: 'wordcloud', question: { en: 'Q' } })))).toBe(
      'CONFLICT',
    );
    expect(await rejection(polls.create(operator, dto({ kind: 'single', question: { en: 'Q' } })))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await rejection(polls.vote(audience, ballot({ pollId: 'p1', optionIds: ['a'] })))).toBe('POLL_CLOSED');
    expect(await rejection(polls.vote(audience, ballot({ pollId: 'nope', optionIds: ['a'] })))).toBe('NOT_FOUND');
    expect(await rejection(polls.change(operator, 'p1', 'close'))).toBe('CONFLICT');
    expect(await rejection(polls.change(operator, 'bad id!', 'open'))).toBe('NOT_FOUND');
    await polls.change(operator, 'p1', 'open');
    expect(await rejection(polls.vote(audience, ballot({ pollId: 'p1', optionIds: ['x'] })))).toBe('VALIDATION_FAILED');
  });

  it('sends each moved tally once per tick, to the roles that may see it', async () => {
    await polls.create(operator, dto({ id: 'live', kind: 'single', question: { en: 'Q' }, options }));
    await polls.create(operator, dto({ id: 'hid', kind: 'rating', question: { en: 'Q' }, results: 'hidden' }));
    await polls.change(operator, 'live', 'open');
    await polls.change(operator, 'hid', 'open');
    await polls.vote(who('audience', 'a-1'), ballot({ pollId: 'live', optionIds: ['a'] }));
    await polls.vote(who('audience', 'a-2'), ballot({ pollId: 'live', optionIds: ['b'] }));
    await polls.vote(who('audience', 'a-1'), ballot({ pollId: 'live', optionIds: ['b'] }));
    await polls.vote(who('audience', 'a-1'), ballot({ pollId: 'hid', value: 4 }));
    await ticker.tick();
    const sent = broadcaster.locals.map((l) => ({ roles: l.roles, tally: l.payload as Tally }));
    expect(sent).toHaveLength(2);
    const live = sent.find((s) => s.tally.pollId === 'live');
    expect(live).toEqual({
      roles: 'all',
      tally: expect.objectContaining({ version: 3, total: 2, counts: { a: 0, b: 2 } }) as unknown,
    });
    const hidden = sent.find((s) => s.tally.pollId === 'hid');
    expect(hidden?.roles).toEqual(['operator', 'screen']);
    expect(hidden?.tally.mean).toBe(4);
    await ticker.tick();
    expect(broadcaster.locals).toHaveLength(2);
  });

  it('gives each role its snapshot: drafts for operators, my votes for the audience', async () => {
    await polls.create(operator, dto({ id: 'draft', kind: 'wordcloud', question: { en: 'Q' } }));
    await polls.create(
      operator,
      dto({ id: 'open', kind: 'single', question: { en: 'Q' }, options, results: 'on-reveal' }),
    );
    await polls.change(operator, 'open', 'open');
    const audience = who('audience', 'a-1', 'BR');
    await polls.vote(audience, ballot({ pollId: 'open', optionIds: ['b'] }));
    const mine = await stateOf(snapshots, audience);
    expect(mine.seq).toBe(3);
    expect(mine.polls.map((p) => p.id)).toEqual(['open']);
    expect(mine.polls[0]?.tally).toBeUndefined();
    expect(mine.myVotes).toEqual({ open: { optionIds: ['b'] } });
    expect(mine.me).toEqual({ id: 'a-1', name: null, country: 'BR', koc: false });
    const ops = await stateOf(snapshots, operator);
    expect(ops.polls.map((p) => p.id)).toEqual(['open', 'draft']);
    expect(ops.polls[0]?.tally?.counts).toEqual({ a: 0, b: 1 });
    expect(ops.myVotes).toEqual({});
    expect(ops.me).toBeNull();
  });
});
