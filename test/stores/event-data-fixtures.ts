import type { CrashStore } from '../../src/crash/crash.store.js';
import type { PollStore, RawTally } from '../../src/polls/poll.store.js';
import { definitionOf } from '../../src/polls/poll.store.js';
import type { QuestionStore } from '../../src/qa/question.store.js';
import type { StoredQuestion } from '../../src/qa/question.types.js';
import type { Player, QuizStore } from '../../src/quiz/quiz.store.js';
import type { Quiz } from '../../src/quiz/quiz.types.js';
import { Cluster } from 'ioredis';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import type { StageStore } from '../../src/stage/stage.store.js';
import { res } from '../support/crash-fixtures.js';
import { effect, poll } from './poll-fixtures.js';
import { question, ROOMY } from './question-fixtures.js';

/** Every feature store of one event, on one backend. */
export interface Stores {
  polls: PollStore;
  questions: QuestionStore;
  crash: CrashStore;
  quiz: QuizStore;
  stage: StageStore;
}

/** Two people of the audience; ids and names no other value of a test holds by chance. */
export const ANA = { id: 'pid-ana-7q2', name: 'Ana Zyxwvut', country: 'DE' };
export const BEN = { id: 'pid-ben-4k9', name: 'Ben Qwmrtz', country: 'FR' };
export const T0 = 1_700_000_000_000;

export function quiz(id: string): Quiz {
  return {
    id,
    title: { en: `Quiz ${id}` },
    status: 'draft',
    scoring: { basePoints: 1000, speed: false, streak: true },
    questions: ['k1', 'k2'].map((k) => ({
      id: k,
      text: { en: k },
      options: ['a', 'b'].map((o) => ({ id: o, label: { en: o } })),
      timeLimitMs: 10_000,
      correct: ['a'],
    })),
    current: null,
    createdAt: 5,
  };
}

const asked = (id: string, who: typeof ANA, koc: boolean): StoredQuestion =>
  question(id, { author: { name: who.name, country: who.country, koc }, authorId: who.id });

/**
 * What a rehearsal leaves in every feature: Ana and Ben vote (single, text, ranking), ask and upvote
 * (Ana upvotes Ben's question and her own), win a prediction, play a quiz to its end; a cue and reactions.
 */
export async function session(s: Stores, ev: string): Promise<void> {
  const single = poll('p-single');
  const text = poll('p-text', 'text');
  const ranking = poll('p-rank', 'ranking');
  for (const p of [single, text, ranking]) {
    await s.polls.create(ev, p);
    await s.polls.change(ev, p.id, 'open', T0);
  }
  await s.polls.vote(ev, 'p-single', ANA.id, effect(single, { optionIds: ['a'] }, ANA.country));
  await s.polls.vote(ev, 'p-single', BEN.id, effect(single, { optionIds: ['b'] }, BEN.country));
  await s.polls.vote(
    ev,
    'p-text',
    ANA.id,
    effect(text, { text: 'Crumple zones' }, ANA.country, { id: 'ans-1', at: T0 }),
  );
  await s.polls.vote(ev, 'p-text', BEN.id, effect(text, { text: 'Airbags' }, BEN.country, { id: 'ans-2', at: T0 + 1 }));
  await s.polls.vote(ev, 'p-rank', ANA.id, effect(ranking, { ranking: ['b', 'a'] }, ANA.country));
  await s.polls.change(ev, 'p-single', 'close', T0 + 5);
  await s.polls.change(ev, 'p-single', 'reveal', T0 + 6);

  await s.questions.ask(ev, asked('q-ana', ANA, true));
  await s.questions.ask(ev, asked('q-ben', BEN, false));
  await s.questions.upvote(ev, 'q-ana', ANA.id, ROOMY);
  await s.questions.upvote(ev, 'q-ben', ANA.id, ROOMY);
  await s.questions.upvote(ev, 'q-ben', BEN.id, ROOMY);
  await s.questions.setModeration(ev, false);

  await s.crash.upsertEntry(ev, { id: 'e1', name: 'Kestrel', brand: 'Apex', country: 'SE' });
  await s.crash.upsertResult(ev, res('r1', 'e1', 'side', 88, T0, { stars: 5 }), { id: 'op', name: 'Op' });
  await s.crash.award(ev, 'p-pred', [ANA.id, BEN.id], 100);
  await s.crash.award(ev, 'p-pred2', [ANA.id], 100);

  await s.quiz.create(ev, quiz('z1'));
  await s.quiz.next(ev, 'z1', T0);
  for (const [who, option] of [
    [ANA, 'a'],
    [BEN, 'b'],
  ] as const) {
    const input = { quizId: 'z1', questionId: 'k1', optionId: option, personId: who.id, at: T0 + 100 };
    await s.quiz.answer(ev, { ...input, name: who.name, country: who.country });
  }
  await s.quiz.reveal(ev, 'z1');
  await s.quiz.next(ev, 'z1', T0 + 20_000);
  await s.quiz.answer(ev, {
    quizId: 'z1',
    questionId: 'k2',
    optionId: 'a',
    personId: ANA.id,
    name: ANA.name,
    country: ANA.country,
    at: T0 + 20_100,
  });

  await s.stage.setCue(ev, { id: 'c1', kind: 'announcement', title: 'Welcome', at: T0 });
  await s.stage.react(ev, '👏');
  await s.stage.react(ev, '🔥');
}

/** The counters erasure must keep, read from every store. */
export async function counters(s: Stores, ev: string): Promise<unknown> {
  const tally = async (id: string, kind: 'single' | 'text' | 'ranking'): Promise<Omit<RawTally, 'version'>> => {
    const { version: _v, answers, approved, ...rest } = await s.polls.tally(ev, definitionOf(poll(id, kind)), 50);
    // Answers keep their text; who wrote them (the country) is what erasure may drop.
    const texts = (answers ?? []).map((a) => a.text);
    return { ...rest, answers: texts as never, approved: (approved ?? []).map((a) => a.text) as never };
  };
  const upvotes = (await s.questions.list(ev)).map((q) => [q.id, q.upvotes]).sort();
  const countries = (await s.quiz.boards(ev, 'z1', 100)).countries;
  return {
    single: await tally('p-single', 'single'),
    text: await tally('p-text', 'text'),
    ranking: await tally('p-rank', 'ranking'),
    upvotes,
    countries,
    reactions: (await s.stage.reactions(ev)).counts,
  };
}

export const playerIds = (players: Player[]): string[] => players.map((p) => p.id).sort();

/** Every key of the event on Redis with everything it holds, as text: names, then values of every type. */
export async function dumpRedis(conn: RedisConnection, ev: string): Promise<{ keys: string[]; text: string }> {
  // A cluster: every key of the event is on one primary, whichever; ask each.
  const clients = conn.client instanceof Cluster ? conn.client.nodes('master') : [conn.client];
  const keys = (await Promise.all(clients.map((c) => c.keys(`{ev:${ev}}*`)))).flat().sort();
  const parts: string[] = [...keys];
  for (const key of keys) {
    const type = await conn.client.type(key);
    // Raw values, one a line (no JSON around them): a record's fields read as they are stored.
    if (type === 'string') parts.push(String(await conn.client.get(key)));
    else if (type === 'hash')
      parts.push(...Object.entries(await conn.client.hgetall(key)).map(([f, v]) => `${f}\t${v}`));
    else if (type === 'set') parts.push(...(await conn.client.smembers(key)));
    else if (type === 'zset') parts.push(...(await conn.client.zrange(key, '0', '-1', 'WITHSCORES')));
    else if (type === 'list') parts.push(...(await conn.client.lrange(key, 0, -1)));
    else throw new Error(`key ${key} of an unexpected type ${type}`);
  }
  return { keys, text: parts.join('\n') };
}

/** Everything a memory store holds (maps, sets, objects, arrays), as text. */
export function dumpMemory(store: object): string {
  const seen = new Set<unknown>();
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[seen]';
    seen.add(value);
    if (value instanceof Map) return [...value].map(([k, v]) => [walk(k), walk(v)]);
    if (value instanceof Set) return [...value].map(walk);
    if (Array.isArray(value)) return value.map(walk);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
  };
  return JSON.stringify(walk(store));
}
