import { plainToInstance } from 'class-transformer';
import type { Identity, Role } from '../auth/identity.js';
import { loadConfig } from '../config/app-config.js';
import { SnapshotService } from '../events/snapshot.service.js';
import { MemoryEventStore } from '../events/store/memory-event.store.js';
import { Broadcaster, type SeqMessage } from '../realtime/broadcaster.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { AppError } from '../realtime/errors.js';
import { MemoryEventClock } from '../realtime/event-clock.js';
import type { RoleViews } from '../realtime/protocol.js';
import { CastVoteDto, CreatePollDto } from './dto/poll.dto.js';
import type { Poll, Tally } from './poll.types.js';
import { PollsService } from './polls.service.js';
import { MemoryPollStore } from './store/memory-poll.store.js';

/** Records what would be emitted instead of emitting. */
class RecordingBroadcaster extends Broadcaster {
  changes: { seq: number; views: RoleViews<{ seq: number; poll?: Poll }> }[] = [];
  locals: { roles: readonly Role[] | 'all'; event: string; payload: unknown }[] = [];

  override change(_eventId: string, seq: number, views: RoleViews<SeqMessage>): void {
    const payloads = {} as RoleViews<{ seq: number; poll?: Poll }>;
    for (const role of ['audience', 'operator', 'screen'] as const) {
      const view = views[role];
      payloads[role] = view && view.event === 'poll:updated' ? view.payload : null;
    }
    this.changes.push({ seq, views: payloads });
  }

  override local(_eventId: string, roles: readonly Role[] | 'all', event: string, payload: unknown): void {
    this.locals.push({ roles, event, payload });
  }
}

const EVENT = 'ev1';
const who = (role: Role, id: string, country: string | null = null): Identity => ({
  role,
  eventId: EVENT,
  id,
  name: null,
  country,
  locale: null,
  koc: false,
});
const operator = who('operator', 'o-1');
const dto = (plain: object): CreatePollDto => plainToInstance(CreatePollDto, plain);
const ballot = (plain: object): CastVoteDto => plainToInstance(CastVoteDto, plain);
const options = [
  { id: 'a', label: { en: 'A', zh: '甲' } },
  { id: 'b', label: { en: 'B', zh: '乙' } },
];

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'resolved';
}

describe('PollsService', () => {
  let polls: PollsService;
  let broadcaster: RecordingBroadcaster;
  let ticker: CounterTicker;
  let snapshots: SnapshotService;

  beforeEach(async () => {
    const clock = new MemoryEventClock();
    const events = new MemoryEventStore();
    await events.create({ id: EVENT, name: 'E', moderation: true, inviteCodes: [], createdAt: 1 });
    broadcaster = new RecordingBroadcaster();
    snapshots = new SnapshotService(events, clock);
    ticker = new CounterTicker(loadConfig({ TALLY_INTERVAL_MS: '10000' }), clock);
    polls = new PollsService(new MemoryPollStore(clock), broadcaster, snapshots, ticker);
    polls.onModuleInit();
  });

  afterEach(() => ticker.onModuleDestroy());

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
    ticker.track(EVENT);
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
    const mine = await snapshots.build(audience);
    expect(mine.seq).toBe(3);
    expect(mine.polls.map((p) => p.id)).toEqual(['open']);
    expect(mine.polls[0]?.tally).toBeUndefined();
    expect(mine.myVotes).toEqual({ open: { optionIds: ['b'] } });
    expect(mine.me).toEqual({ id: 'a-1', name: null, country: 'BR', koc: false });
    const ops = await snapshots.build(operator);
    expect(ops.polls.map((p) => p.id)).toEqual(['open', 'draft']);
    expect(ops.polls[0]?.tally?.counts).toEqual({ a: 0, b: 1 });
    expect(ops.myVotes).toEqual({});
    expect(ops.me).toBeNull();
  });
});
