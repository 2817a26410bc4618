import { versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import type { RawTally, VoteResult } from '../poll.store.js';
import type { AnswerStatus, PollDefinition, TextAnswer, VoteEffect } from '../poll.types.js';
import { numbers, pairs, partKey, pollKey, wordPairsOf, type CastVote, type StoredVote } from './redis-poll.keys.js';

// Text polls' keys beside the poll's: :answers (id -> answer JSON, with its folded word `w`),
// :statuses (id -> status), :feed (zset id by arrival order: every answer), :approved (the same for
// approved answers), :words (zset word -> -n, as word clouds: approved answers only).

/** Lua: moves a word of the :words zset (KEYS[4] in both scripts) by `by`; '' is no word. */
const WORD = `
local function word(w, by)
  if w ~= nil and w ~= '' then
    local n = tonumber(redis.call('ZINCRBY', KEYS[4], -by, w))
    if n >= 0 then redis.call('ZREM', KEYS[4], w) end
  end
end`;

// KEYS: poll, votes, countries, words, answers, statuses, feed, approved, versions. ARGV: version
// field, then per vote: voter, stored vote (its answer id `a`), country, answer id, answer JSON,
// status, word. Each vote removes the voter's earlier answer (and its word, if approved) first.
const ANSWERS = new LuaScript<number>(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status ~= 'open' then return -2 end
${WORD}
local function country(c, by)
  if c ~= '' then
    if redis.call('HINCRBY', KEYS[3], c, by) <= 0 then redis.call('HDEL', KEYS[3], c) end
  end
end
local i, applied = 2, 0
while i <= #ARGV do
  local voter, id, st = ARGV[i], ARGV[i + 3], ARGV[i + 5]
  local old = redis.call('HGET', KEYS[2], voter)
  if old then
    local o = cjson.decode(old)
    country(o.c, -1)
    local was = redis.call('HGET', KEYS[6], o.a)
    if was == 'approved' then word(cjson.decode(redis.call('HGET', KEYS[5], o.a)).w, -1) end
    redis.call('HDEL', KEYS[5], o.a)
    redis.call('HDEL', KEYS[6], o.a)
    redis.call('ZREM', KEYS[7], o.a)
    redis.call('ZREM', KEYS[8], o.a)
  end
  country(ARGV[i + 2], 1)
  redis.call('HSET', KEYS[2], voter, ARGV[i + 1])
  local order = redis.call('HINCRBY', KEYS[1], 'answers', 1)
  redis.call('HSET', KEYS[5], id, ARGV[i + 4])
  redis.call('HSET', KEYS[6], id, st)
  redis.call('ZADD', KEYS[7], order, id)
  if st == 'approved' then
    redis.call('ZADD', KEYS[8], order, id)
    word(ARGV[i + 6], 1)
  end
  i = i + 7
  applied = applied + 1
end
return redis.call('HINCRBY', KEYS[9], ARGV[1], applied)`);

// KEYS: answers, statuses, feed, words, approved, versions. ARGV: answer id, status, version field.
// Answers the answer's JSON (nil: unknown); a change of status moves words and the version.
const MODERATE = new LuaScript<string | null>(`
${WORD}
local was = redis.call('HGET', KEYS[2], ARGV[1])
if not was then return nil end
local json = redis.call('HGET', KEYS[1], ARGV[1])
if was ~= ARGV[2] then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  if ARGV[2] == 'approved' then
    redis.call('ZADD', KEYS[5], redis.call('ZSCORE', KEYS[3], ARGV[1]), ARGV[1])
    word(cjson.decode(json).w, 1)
  elseif was == 'approved' then
    redis.call('ZREM', KEYS[5], ARGV[1])
    word(cjson.decode(json).w, -1)
  end
  redis.call('HINCRBY', KEYS[6], ARGV[3], 1)
end
return json`);

// KEYS: poll, votes, countries, words, answers, statuses, feed, approved, versions. ARGV: limit,
// version field. Read only, in one MULTI (no WAIT): the version, voters, countries, words and the
// newest answers of each list (JSON, status pairs) at one instant.
const TEXT_TALLY = new LuaScript<[string, number, string[], string[], string, string[], string[]]>(`
local limit = tonumber(ARGV[1])
local function list(key)
  local out = {}
  if limit <= 0 then return out end
  for _, id in ipairs(redis.call('ZREVRANGE', key, 0, limit - 1)) do
    table.insert(out, redis.call('HGET', KEYS[5], id))
    table.insert(out, redis.call('HGET', KEYS[6], id))
  end
  return out
end
local words = {}
if limit > 0 then words = redis.call('ZRANGE', KEYS[4], 0, limit - 1, 'WITHSCORES') end
return {
  redis.call('HGET', KEYS[9], ARGV[2]) or '0',
  redis.call('HLEN', KEYS[2]) + tonumber(redis.call('HGET', KEYS[1], 'erased') or '0'),
  redis.call('HGETALL', KEYS[3]),
  words,
  redis.call('HGET', KEYS[1], 'revealed') or '0',
  list(KEYS[7]),
  list(KEYS[8]),
}`);

/** An answer as stored: the protocol's fields (status apart) and its folded word. */
interface StoredAnswer {
  id: string;
  text: string;
  country: string | null;
  at: number;
  w: string;
}

function answerOf(json: string, status: AnswerStatus): TextAnswer {
  const { id, text, country, at } = JSON.parse(json) as StoredAnswer;
  return { id, text, country, at, status };
}

/** Pairs of (answer JSON, status), as TEXT_TALLY lists them. */
function answersOf(flat: string[]): TextAnswer[] {
  const out: TextAnswer[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push(answerOf(flat[i], flat[i + 1] as AnswerStatus));
  return out;
}

/** A text poll's answers on Redis: votes (in the store's batches), moderation and the tally. */
export class RedisAnswers {
  constructor(private readonly redis: RedisConnection) {}

  /** Text polls' votes: each stores a new answer and removes the voter's earlier one. */
  async apply(batch: CastVote[]): Promise<VoteResult> {
    const { eventId, pollId } = batch[0];
    const args: (string | number)[] = [`poll:${pollId}`];
    for (const { voterId, effect } of batch) {
      const answer = effect.answer as NonNullable<VoteEffect['answer']>;
      const c = effect.country ?? '';
      const stored: StoredVote = { k: [], v: 0, c, o: effect.vote, a: answer.id };
      const json: StoredAnswer = {
        id: answer.id,
        text: answer.text,
        country: effect.country,
        at: answer.at,
        w: answer.word,
      };
      args.push(voterId, JSON.stringify(stored), c, answer.id, JSON.stringify(json), answer.status, answer.word);
    }
    const result = await this.redis.run(ANSWERS, this.keys(eventId, pollId), args);
    return result === -1 ? 'missing' : result === -2 ? 'closed' : 'ok';
  }

  async moderate(eventId: string, pollId: string, answerId: string, status: AnswerStatus): Promise<TextAnswer | null> {
    const part = (name: string): string => partKey(eventId, pollId, name);
    const keys = [part('answers'), part('statuses'), part('feed'), part('words'), part('approved')];
    const json = await this.redis.run(MODERATE, [...keys, versionsKey(eventId)], [answerId, status, `poll:${pollId}`]);
    return json === null ? null : answerOf(json, status);
  }

  /** Every key of a text poll, in the order ANSWERS and TEXT_TALLY take them. */
  private keys(eventId: string, pollId: string): string[] {
    const part = (name: string): string => partKey(eventId, pollId, name);
    return [
      pollKey(eventId, pollId),
      part('votes'),
      part('countries'),
      part('words'),
      part('answers'),
      part('statuses'),
      part('feed'),
      part('approved'),
      versionsKey(eventId),
    ];
  }

  /** The limit caps words and each list of answers. */
  async tally(eventId: string, poll: PollDefinition, wordsLimit: number): Promise<RawTally> {
    const limit = Math.min(wordsLimit, 1_000_000);
    // Inside MULTI as EVAL: read only, so no WAIT for replicas as `run` would add.
    const [[version, total, countries, words, revealed, answers, approved]] = await this.redis.atomically<
      [NonNullable<(typeof TEXT_TALLY)['reply']>]
    >((m) => m.eval(TEXT_TALLY.source, 9, ...this.keys(eventId, poll.id), limit, `poll:${poll.id}`));
    return {
      version: Number(version),
      total,
      counts: {},
      byCountry: numbers(pairs(countries)),
      words: wordPairsOf(words, limit),
      sum: 0,
      revealed: revealed === '1',
      answers: answersOf(answers),
      approved: answersOf(approved),
    };
  }
}
