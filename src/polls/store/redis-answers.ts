import { LuaScript } from '../../redis/redis-connection.js';
import type { AnswerStatus, TextAnswer } from '../poll.types.js';

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
export const ANSWERS = new LuaScript<number>(`
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
export const MODERATE = new LuaScript<string | null>(`
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
export const TEXT_TALLY = new LuaScript<[string, number, string[], string[], string, string[], string[]]>(`
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
  redis.call('HLEN', KEYS[2]),
  redis.call('HGETALL', KEYS[3]),
  words,
  redis.call('HGET', KEYS[1], 'revealed') or '0',
  list(KEYS[7]),
  list(KEYS[8]),
}`);

/** An answer as stored: the protocol's fields (status apart) and its folded word. */
export interface StoredAnswer {
  id: string;
  text: string;
  country: string | null;
  at: number;
  w: string;
}

export function answerOf(json: string, status: AnswerStatus): TextAnswer {
  const { id, text, country, at } = JSON.parse(json) as StoredAnswer;
  return { id, text, country, at, status };
}

/** Pairs of (answer JSON, status), as TEXT_TALLY lists them. */
export function answersOf(flat: string[]): TextAnswer[] {
  const out: TextAnswer[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push(answerOf(flat[i], flat[i + 1] as AnswerStatus));
  return out;
}
