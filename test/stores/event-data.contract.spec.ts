import { MemoryCrashStore } from '../../src/crash/store/memory-crash.store.js';
import { RedisCrashStore } from '../../src/crash/store/redis-crash.store.js';
import { definitionOf } from '../../src/polls/poll.store.js';
import { MemoryPollStore } from '../../src/polls/store/memory-poll.store.js';
import { RedisPollStore } from '../../src/polls/store/redis-poll.store.js';
import { MemoryQuestionStore } from '../../src/qa/store/memory-question.store.js';
import { RedisQuestionStore } from '../../src/qa/store/redis-question.store.js';
import { MemoryQuizStore } from '../../src/quiz/store/memory-quiz.store.js';
import { RedisQuizStore } from '../../src/quiz/store/redis-quiz.store.js';
import { MemoryEventClock, RedisEventClock, type EventClock } from '../../src/realtime/event-clock.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import { MemoryStageStore } from '../../src/stage/store/memory-stage.store.js';
import { RedisStageStore } from '../../src/stage/store/redis-stage.store.js';
import { connectRedis, freshEventId, privateRedisCluster, privateRedisServer } from './contract-support.js';
import {
  ANA,
  BEN,
  counters,
  dumpMemory,
  dumpRedis,
  playerIds,
  quiz,
  session,
  T0,
  type Stores,
} from './event-data-fixtures.js';
import { poll } from './poll-fixtures.js';
import { ROOMY } from './question-fixtures.js';

// PROTOCOL section 11 on every feature store at once, on memory and on Redis: a person's erasure
// leaves nothing of them but anonymous counters, a reset keeps what operators prepared, and a
// deletion leaves no key of the event.

const server = privateRedisServer();
const cluster = privateRedisCluster();

interface Backend {
  stores: Stores;
  clock: EventClock;
  /** Everything stored of the event (memory: of the stores, which hold this event only), as text. */
  dump(ev: string): Promise<{ keys: string[]; text: string }>;
}

const backends: [string, () => Promise<Backend>][] = [
  [
    'memory',
    () => {
      const clock = new MemoryEventClock();
      const stores: Stores = {
        polls: new MemoryPollStore(clock),
        questions: new MemoryQuestionStore(clock),
        crash: new MemoryCrashStore(clock),
        quiz: new MemoryQuizStore(clock),
        stage: new MemoryStageStore(clock),
      };
      return Promise.resolve({ stores, clock, dump: () => Promise.resolve({ keys: [], text: dumpMemory(stores) }) });
    },
  ],
  ['redis', () => onRedis(() => connectRedis(server().url, 'event-data-contract'))],
  // Every write waits for a replica, as the summit runs it; the scripts name keys they derive.
  [
    'cluster',
    () => onRedis(() => connectRedis({ cluster: cluster().startupNodes, natMap: undefined }, 'event-data-cluster', 1)),
  ],
];
let conn: RedisConnection | undefined;

/** The Redis stores on one connection per backend (opened by its first test, closed after its last). */
async function onRedis(connect: () => Promise<RedisConnection>): Promise<Backend> {
  conn ??= await connect();
  const c = conn;
  const stores: Stores = {
    polls: new RedisPollStore(c),
    questions: new RedisQuestionStore(c),
    crash: new RedisCrashStore(c),
    quiz: new RedisQuizStore(c),
    stage: new RedisStageStore(c),
  };
  return { stores, clock: new RedisEventClock(c), dump: (ev) => dumpRedis(c, ev) };
}

/** Every feature's erasure, as the EventData parts call them. */
async function erase(s: Stores, ev: string, personId: string): Promise<void> {
  await s.polls.erasePerson(ev, personId);
  await s.questions.erasePerson(ev, personId, `x-stand-in-${personId.length}`);
  await s.crash.erasePerson(ev, personId);
  await s.quiz.erasePerson(ev, personId);
}

describe.each(backends)('Event data of every feature store (%s)', (_name, make) => {
  let b: Backend;
  let s: Stores;
  let ev: string;
  afterAll(async () => {
    // Before the file's server stops: a connection left open would retry it for ever.
    await conn?.onModuleDestroy();
    conn = undefined;
  });
  beforeEach(async () => {
    b = await make();
    s = b.stores;
    ev = freshEventId('evdata');
    await session(s, ev);
  });

  it('erases a person: neither id nor name nor a record with their country is left; counters stay', async () => {
    const before = await counters(s, ev);
    const seq = await b.clock.seq(ev);
    expect((await b.dump(ev)).text).toContain(ANA.id);
    await erase(s, ev, ANA.id);
    // Questions and boards changed: cached snapshots are stale, clients resync on the gap.
    expect(await b.clock.seq(ev)).toBe(seq + 2);
    const { text } = await b.dump(ev);
    // Her country stays only in anonymous counters (byCountry, the quiz's country sums): no record holds it.
    const records = [`"country":"${ANA.country}"`, `"c":"${ANA.country}"`, `${ANA.country}|`];
    for (const trace of [ANA.id, ANA.name, ...records]) expect(text).not.toContain(trace);
    // Ben's data is all there (the checks above would pass on an empty store).
    expect(text).toContain(BEN.id);
    expect(text).toContain(BEN.name);
    expect(await counters(s, ev)).toEqual(before);
    await erase(s, ev, ANA.id);
    expect(await counters(s, ev)).toEqual(before);
    expect(await b.clock.seq(ev)).toBe(seq + 2);
  });

  it('keeps each feature working for the others after an erasure', async () => {
    await erase(s, ev, ANA.id);
    // Polls: the vote is gone, the total still counts it; the text answer stays without country.
    expect(await s.polls.votesOf(ev, ANA.id, ['p-single', 'p-text', 'p-rank'])).toEqual({});
    const text = await s.polls.tally(ev, definitionOf(poll('p-text', 'text')), 50);
    expect(text.total).toBe(2);
    expect(text.answers?.map((a) => [a.text, a.country])).toEqual([
      ['Airbags', BEN.country],
      ['Crumple zones', null],
    ]);
    // Forum: her question stays without author, KOC kept; upvote counts stay, also through a merge.
    const mine = await s.questions.get(ev, 'q-ana');
    expect(mine && { author: mine.author, authorId: mine.authorId, anonymous: mine.anonymous }).toEqual({
      author: { name: null, country: null, koc: true },
      authorId: '',
      anonymous: true,
    });
    expect(await s.questions.upvotedBy(ev, ANA.id)).toEqual([]);
    const [from, into] = [await s.questions.get(ev, 'q-ana'), await s.questions.get(ev, 'q-ben')];
    const merged = await s.questions.merge(ev, 'q-ana', 'q-ben', [from?.rev ?? -1, into?.rev ?? -1]);
    expect(merged.kind === 'merged' && merged.kept.upvotes).toBe(2);
    // Crash: her points go, Ben's stay; re-scoring a prediction moves no points from her.
    expect(await s.crash.standing(ev, ANA.id)).toBeNull();
    await s.crash.award(ev, 'p-pred', [BEN.id], 100);
    expect((await s.crash.predictors(ev, 10)).rows).toEqual([{ id: BEN.id, points: 100 }]);
    // Quiz: off every board and list; the next reveal scores the others only.
    expect(await s.quiz.mine(ev, 'z1', ['k1', 'k2'], ANA.id)).toBeNull();
    expect(playerIds(await s.quiz.players(ev, 'z1'))).toEqual([BEN.id]);
    expect((await s.quiz.answers(ev, 'z1')).map((a) => a.personId)).toEqual([BEN.id]);
    const revealed = await s.quiz.reveal(ev, 'z1');
    expect(revealed.kind === 'revealed' && revealed.results.map((r) => [r.id, r.rank])).toEqual([[BEN.id, 1]]);
    expect((await s.quiz.boards(ev, 'z1', 10)).leaderboard.map((r) => r.id)).toEqual([BEN.id]);
  });

  it('resets to what the operators prepared: drafts, entries, settings; versions move forward', async () => {
    const counterNames = ['poll:p-single', 'poll:p-text', 'qa', 'predictors', 'quiz:z1', 'reactions'];
    const before = await b.clock.versions(ev);
    const board = await s.crash.version(ev);
    for (let i = 0; i < 2; i++) {
      await Promise.all([s.polls, s.questions, s.crash, s.quiz, s.stage].map((store) => store.reset(ev)));
    }
    const polls = await s.polls.list(ev);
    expect(polls.map((p) => [p.id, p.status, p.revealed, p.openedAt, p.closedAt])).toEqual([
      ['p-rank', 'draft', false, undefined, undefined],
      ['p-text', 'draft', false, undefined, undefined],
      ['p-single', 'draft', false, undefined, undefined],
    ]);
    const tally = await s.polls.tally(ev, definitionOf(poll('p-text', 'text')), 50);
    expect([tally.total, tally.answers, tally.byCountry]).toEqual([0, [], {}]);
    expect(await s.questions.list(ev)).toEqual([]);
    expect(await s.questions.moderation(ev)).toBe(false);
    const state = await s.crash.state(ev);
    expect([state.entries.map((e) => e.id), state.results, state.frozen]).toEqual([['e1'], [], null]);
    expect(await s.crash.audit(ev)).toEqual([]);
    expect((await s.crash.predictors(ev, 10)).rows).toEqual([]);
    expect(await s.crash.version(ev)).toBeGreaterThan(board);
    const [z] = await s.quiz.list(ev);
    expect([z?.status, z?.current, z?.questions]).toEqual(['draft', null, quiz('z1').questions]);
    expect([await s.quiz.players(ev, 'z1'), await s.quiz.answers(ev, 'z1')]).toEqual([[], []]);
    expect(await s.quiz.due(ev, T0 + 1_000_000)).toEqual([]);
    expect(await s.stage.cue(ev)).toBeNull();
    expect((await s.stage.reactions(ev)).counts).toEqual({});
    const after = await b.clock.versions(ev);
    for (const name of counterNames) expect([name, after[name] ?? 0]).toEqual([name, (before[name] ?? 0) + 2]);
    const { text } = await b.dump(ev);
    for (const who of [ANA, BEN]) for (const trace of [who.id, who.name]) expect(text).not.toContain(trace);
    // Drafts run again from the start.
    await s.polls.change(ev, 'p-single', 'open', T0);
    expect(await s.quiz.next(ev, 'z1', T0)).toMatchObject({ kind: 'changed', quiz: { current: { index: 0 } } });
    await s.questions.ask(ev, { ...(await askedAgain()), id: 'q-new' });
    expect((await s.questions.upvote(ev, 'q-new', BEN.id, ROOMY)).kind).toBe('ok');
  });

  it('deletes the event: no key of it is left but the core seq, every feature empty', async () => {
    for (let i = 0; i < 2; i++) {
      await Promise.all([s.polls, s.questions, s.crash, s.quiz, s.stage].map((store) => store.deleteEvent(ev)));
    }
    const { keys, text } = await b.dump(ev);
    expect(keys.filter((k) => !k.endsWith(':seq') && !k.endsWith(':versions'))).toEqual([]);
    if (keys.some((k) => k.endsWith(':versions'))) expect(text).not.toMatch(/poll:|quiz:|"qa"|predictors|reactions/);
    for (const who of [ANA, BEN]) for (const trace of [who.id, who.name]) expect(text).not.toContain(trace);
    expect([await s.polls.list(ev), await s.questions.list(ev), await s.quiz.list(ev)]).toEqual([[], [], []]);
    expect((await s.crash.state(ev)).entries).toEqual([]);
    expect([await s.stage.cue(ev), await s.stage.scene(ev)]).toEqual([null, null]);
  });
});

/** A question as the service would store it after a reset (a new one, by Ben). */
function askedAgain(): Promise<Parameters<Stores['questions']['ask']>[1]> {
  return Promise.resolve({
    id: 'q-new',
    text: 'Again?',
    author: { name: null, country: null, koc: false },
    authorId: 'someone-else',
    anonymous: true,
    flagged: false,
    status: 'approved',
    featured: false,
    upvotes: 0,
    createdAt: T0,
    rev: 0,
  });
}
