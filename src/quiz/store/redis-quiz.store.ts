import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import type { RedisConnection } from '../../redis/redis-connection.js';
import { TurnBatch } from '../../redis/turn-batch.js';
import { fromBoardScore, SCORE_SCALE, STREAK_MAX, STREAK_STEP, type StoredAnswer } from '../quiz-rules.js';
import {
  assembleQuiz,
  definitionOf,
  type AnswerInput,
  type AnswerResult,
  type PersonResult,
  type Player,
  type QuizDefinition,
  type QuizStore,
  type Refusal,
  type RevealResult,
  type StepResult,
  type StoredBoards,
} from '../quiz.store.js';
import type { MyQuiz, Quiz } from '../quiz.types.js';
import { ANSWERS, CLOSE, CREATE, END, NEXT, REVEAL } from './redis-quiz.scripts.js';
import { RedisQuizData } from './redis-quiz.data.js';

// Keys of one event: {ev:<id>}:quizzes (zset, score = seq at creation), :quiz-deadlines (zset quiz ->
// endsAt of its running question until it closes), and per quiz :quiz:<id> (hash: def, status,
// index, phase, startsAt, endsAt, closed, qid), :a:<questionId> (person -> "option|elapsed"),
// :people (person -> "country|name JSON", from the first answer), :totals (person ->
// "points|elapsed|correct|streak", from the first reveal after it), :board (zset person ->
// boardScore), :csum and :cnum (country -> sum of totals, number of players).
const quizzesKey = (e: string): string => evKey(e, 'quizzes');
const deadlinesKey = (e: string): string => evKey(e, 'quiz-deadlines');
const quizKey = (e: string, q: string): string => evKey(e, 'quiz', q);
const partKey = (e: string, q: string, ...part: string[]): string => evKey(e, 'quiz', q, ...part);

/** Answers to one question per script: a few milliseconds of Redis at most. */
const MAX_BATCH = 256;
/** A reveal that meets a question started meanwhile reads again, this often at most. */
const ATTEMPTS = 3;

interface PendingAnswer {
  eventId: string;
  input: AnswerInput;
}

/** The answers script's code for one answer: its elapsed ms, or why it did not count. */
function resultOf(code: number | undefined): AnswerResult {
  return code === undefined ? 'missing' : code === -2 ? 'closed' : code === -3 ? 'conflict' : { elapsedMs: code };
}

function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

function fromFields(fields: Record<string, string>): Quiz {
  return assembleQuiz(JSON.parse(fields.def) as QuizDefinition, fields);
}

/** "country|name JSON" -> name and country. */
function person(stored: string | null | undefined): { name: string | null; country: string | null } {
  if (!stored) return { name: null, country: null };
  const bar = stored.indexOf('|');
  const country = stored.slice(0, bar);
  return { name: JSON.parse(stored.slice(bar + 1)) as string | null, country: country === '' ? null : country };
}

export class RedisQuizStore implements QuizStore {
  private readonly batch = new TurnBatch<PendingAnswer, number[]>((items) => this.applyAnswers(items), MAX_BATCH);
  /** Section 11: erasure, reset and deletion, in scripts of their own. */
  private readonly data: RedisQuizData;

  constructor(private readonly redis: RedisConnection) {
    this.data = new RedisQuizData(redis);
  }

  async create(eventId: string, quiz: Quiz): Promise<number | null> {
    const keys = [quizKey(eventId, quiz.id), quizzesKey(eventId), seqKey(eventId)];
    const seq = await this.redis.run(CREATE, keys, [quiz.id, JSON.stringify(definitionOf(quiz))]);
    return seq === 0 ? null : seq;
  }

  async get(eventId: string, quizId: string): Promise<Quiz | null> {
    const fields = await this.redis.client.hgetall(quizKey(eventId, quizId));
    return fields.def === undefined ? null : fromFields(fields);
  }

  async list(eventId: string): Promise<Quiz[]> {
    const ids = await this.redis.client.zrevrange(quizzesKey(eventId), 0, -1);
    const all = await Promise.all(ids.map((id) => this.get(eventId, id)));
    return all.filter((q): q is Quiz => q !== null);
  }

  async next(eventId: string, quizId: string, at: number): Promise<StepResult> {
    const keys = [quizKey(eventId, quizId), seqKey(eventId), deadlinesKey(eventId)];
    return this.step(await this.redis.run(NEXT, keys, [at, quizId]));
  }

  async end(eventId: string, quizId: string): Promise<StepResult> {
    return this.step(await this.redis.run(END, [quizKey(eventId, quizId), seqKey(eventId)], []));
  }

  private step([code, ...rest]: [number, ...string[]]): StepResult {
    if (code === -1) return { kind: 'missing' };
    if (code === -2) return { kind: 'refused', reason: rest[0] as Refusal };
    const quiz = fromFields(pairs(rest));
    return code === 0 ? { kind: 'unchanged', quiz } : { kind: 'changed', quiz, seq: code };
  }

  async answer(eventId: string, input: AnswerInput): Promise<AnswerResult> {
    const { answer, index } = this.batch.place(`${eventId}\n${input.quizId}\n${input.questionId}`, { eventId, input });
    return resultOf((await answer)[index]);
  }

  /** Answers to one question, given in one turn: one script, one round trip; a code per answer. */
  private applyAnswers(items: PendingAnswer[]): Promise<number[]> {
    const { eventId, input } = items[0];
    const args: (string | number)[] = [input.quizId, input.questionId];
    for (const { input: a } of items) {
      args.push(a.personId, a.optionId, a.at, `${a.country ?? ''}|${JSON.stringify(a.name)}`);
    }
    const keys = [
      quizKey(eventId, input.quizId),
      partKey(eventId, input.quizId, 'a', input.questionId),
      partKey(eventId, input.quizId, 'people'),
      versionsKey(eventId),
    ];
    return this.redis.run(ANSWERS, keys, args);
  }

  async close(eventId: string, quizId: string, at: number): Promise<{ seq: number; questionId: string } | null> {
    const keys = [quizKey(eventId, quizId), seqKey(eventId), deadlinesKey(eventId)];
    const [seq, questionId] = await this.redis.run(CLOSE, keys, [at, quizId]);
    return seq > 0 && questionId !== undefined ? { seq, questionId } : null;
  }

  due(eventId: string, at: number): Promise<string[]> {
    return this.redis.client.zrangebyscore(deadlinesKey(eventId), '-inf', `(${at}`);
  }

  async reveal(eventId: string, quizId: string): Promise<RevealResult> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const before = await this.get(eventId, quizId);
      if (!before) return { kind: 'missing' };
      if (!before.current) return { kind: 'refused', reason: 'idle' };
      const question = before.questions[before.current.index];
      const part = (...p: string[]): string => partKey(eventId, quizId, ...p);
      const keys = [
        quizKey(eventId, quizId),
        part('a', question.id),
        part('people'),
        part('totals'),
        part('board'),
        part('csum'),
        part('cnum'),
        seqKey(eventId),
        deadlinesKey(eventId),
      ];
      const args = [question.id, quizId, SCORE_SCALE, STREAK_STEP, STREAK_MAX];
      const out = await this.redis.run(REVEAL, keys, args);
      const code = Number(out[0]);
      if (code === -3) continue;
      if (code === -1) return { kind: 'missing' };
      if (code === -2) return { kind: 'refused', reason: String(out[1]) as Refusal };
      if (code === 0) {
        const now = await this.get(eventId, quizId);
        return now ? { kind: 'unchanged', quiz: now } : { kind: 'missing' };
      }
      const counts: Record<string, number> = {};
      const n = Number(out[1]);
      for (let i = 0; i < n; i++) counts[String(out[2 + 2 * i])] = Number(out[3 + 2 * i]);
      const results: PersonResult[] = [];
      for (let i = 2 + 2 * n; i + 5 < out.length; i += 6) {
        results.push({
          id: String(out[i]),
          correct: Number(out[i + 1]) === 1,
          points: Number(out[i + 2]),
          total: Number(out[i + 3]),
          streak: Number(out[i + 4]),
          rank: Number(out[i + 5]),
        });
      }
      const current = { ...before.current, phase: 'reveal' as const, closed: true };
      return { kind: 'revealed', quiz: { ...before, current }, seq: code, questionId: question.id, counts, results };
    }
    throw new Error(`Quiz ${quizId}: its question kept changing during the reveal`);
  }

  async answered(eventId: string, quizId: string, questionId: string): Promise<{ answered: number; version: number }> {
    const [answered, version] = await this.redis.atomically<[number, string | null]>((m) =>
      m.hlen(partKey(eventId, quizId, 'a', questionId)).hget(versionsKey(eventId), `quiz:${quizId}`),
    );
    return { answered, version: Number(version ?? 0) };
  }

  async boards(eventId: string, quizId: string, limit: number): Promise<StoredBoards> {
    const [top, sums, counts] = await this.redis.atomically<[string[], Record<string, string>, Record<string, string>]>(
      (m) =>
        m
          .zrange(partKey(eventId, quizId, 'board'), '0', String(Math.max(0, limit - 1)), 'WITHSCORES')
          .hgetall(partKey(eventId, quizId, 'csum'))
          .hgetall(partKey(eventId, quizId, 'cnum')),
    );
    const ids: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i + 1 < top.length && ids.length < limit; i += 2) {
      ids.push(top[i]);
      scores.push(Number(top[i + 1]));
    }
    const people = ids.length > 0 ? await this.redis.client.hmget(partKey(eventId, quizId, 'people'), ...ids) : [];
    const leaderboard: StoredBoards['leaderboard'] = [];
    ids.forEach((id, i) => {
      const rank = i > 0 && scores[i] === scores[i - 1] ? leaderboard[i - 1].rank : i + 1;
      leaderboard.push({ rank, id, ...person(people[i]), ...fromBoardScore(scores[i]) });
    });
    const countries = Object.entries(counts).map(([country, n]) => ({
      country,
      sum: Number(sums[country] ?? 0),
      people: Number(n),
    }));
    return { leaderboard, countries };
  }

  async mine(eventId: string, quizId: string, questionIds: string[], personId: string): Promise<MyQuiz | null> {
    const board = partKey(eventId, quizId, 'board');
    const out = await this.redis.atomically<(string | null | number)[]>((m) => {
      m.hexists(partKey(eventId, quizId, 'people'), personId)
        .hget(partKey(eventId, quizId, 'totals'), personId)
        .zscore(board, personId);
      for (const q of questionIds) m.hget(partKey(eventId, quizId, 'a', q), personId);
      return m;
    });
    if (Number(out[0]) !== 1) return null;
    const answers: Record<string, string> = {};
    questionIds.forEach((q, i) => {
      const stored = out[3 + i];
      if (typeof stored === 'string') answers[q] = stored.slice(0, stored.lastIndexOf('|'));
    });
    const [points, , , streak] = typeof out[1] === 'string' ? out[1].split('|').map(Number) : [0, 0, 0, 0];
    const score = out[2];
    const rank = score === null ? null : (await this.redis.client.zcount(board, '-inf', `(${String(score)}`)) + 1;
    return { answers, total: points, rank, streak };
  }

  async answers(eventId: string, quizId: string): Promise<StoredAnswer[]> {
    const quiz = await this.get(eventId, quizId);
    if (!quiz) return [];
    const ids = quiz.questions.map((q) => q.id);
    const all = await this.redis.atomically<Record<string, string>[]>((m) => {
      for (const q of ids) m.hgetall(partKey(eventId, quizId, 'a', q));
      return m;
    });
    return ids.flatMap((questionId, i) =>
      Object.entries(all[i]).map(([personId, stored]) => {
        const bar = stored.lastIndexOf('|');
        return { personId, questionId, optionId: stored.slice(0, bar), elapsedMs: Number(stored.slice(bar + 1)) };
      }),
    );
  }

  async players(eventId: string, quizId: string): Promise<Player[]> {
    const [totals, people] = await this.redis.atomically<[Record<string, string>, Record<string, string>]>((m) =>
      m.hgetall(partKey(eventId, quizId, 'totals')).hgetall(partKey(eventId, quizId, 'people')),
    );
    return Object.entries(totals).map(([id, stored]) => {
      const [points, elapsedMs, correct, streak] = stored.split('|').map(Number);
      return { id, points, elapsedMs, correct, streak, ...person(people[id]) };
    });
  }

  erasePerson(eventId: string, personId: string): Promise<void> {
    return this.data.erasePerson(eventId, personId);
  }

  reset(eventId: string): Promise<void> {
    return this.data.clear(eventId, false);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.data.clear(eventId, true);
  }
}
