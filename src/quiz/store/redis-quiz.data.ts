import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';

// Section 11 on Redis (keys in redis-quiz.store.ts): a person's erasure, the reset after a rehearsal
// and the event's deletion, each one script over every quiz of the event. Per-quiz keys are derived
// from :quizzes and each quiz's questions (one hash tag, one slot). ARGV[1]: "{ev:X}:quiz:".

/** Lua: the keys of one quiz's play (answers per question, people, totals, boards), without its hash. */
const PLAY_KEYS = `
local function playKeys(id)
  local q = ARGV[1] .. id
  local keys = {q .. ':people', q .. ':totals', q .. ':board', q .. ':csum', q .. ':cnum'}
  local def = redis.call('HGET', q, 'def')
  if def then
    for _, question in ipairs(cjson.decode(def).questions) do keys[#keys + 1] = q .. ':a:' .. question.id end
  end
  return keys
end`;

// KEYS: quizzes, versions, seq. ARGV: prefix, person. Their answers, name and country, totals and board
// place go; the countries' sums and counts stay. The answer counter moves where anything went.
const ERASE = new LuaScript<number>(`${PLAY_KEYS}
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local removed = 0
  for _, key in ipairs(playKeys(id)) do
    if string.sub(key, -5) == ':csum' or string.sub(key, -5) == ':cnum' then
      -- anonymous counters: kept
    elseif string.sub(key, -6) == ':board' then
      removed = removed + redis.call('ZREM', key, ARGV[2])
    else
      removed = removed + redis.call('HDEL', key, ARGV[2])
    end
  end
  if removed > 0 then
    redis.call('HINCRBY', KEYS[2], 'quiz:' .. id, 1)
    n = n + 1
  end
end
-- Boards changed: cached snapshots are read again, and clients that see the seq gap resync.
if n > 0 then redis.call('INCR', KEYS[3]) end
return n`);

// KEYS: quizzes, versions, deadlines. ARGV: prefix, '1' to delete the quizzes too, else a reset:
// each quiz back to a draft with no question, its answer counter's version moving forward.
const CLEAR = new LuaScript<number>(`${PLAY_KEYS}
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  local q = ARGV[1] .. id
  for _, key in ipairs(playKeys(id)) do redis.call('DEL', key) end
  redis.call('ZREM', KEYS[3], id)
  if ARGV[2] == '1' then
    redis.call('DEL', q)
    redis.call('HDEL', KEYS[2], 'quiz:' .. id)
  else
    redis.call('HSET', q, 'status', 'draft', 'index', '-1')
    redis.call('HDEL', q, 'phase', 'startsAt', 'endsAt', 'closed', 'qid')
    redis.call('HINCRBY', KEYS[2], 'quiz:' .. id, 1)
  end
end
if ARGV[2] == '1' then redis.call('DEL', KEYS[1], KEYS[3]) end
return #ids`);

/** The event's quizzes as one unit on Redis: erase a person, reset, delete. */
export class RedisQuizData {
  constructor(private readonly redis: RedisConnection) {}

  async erasePerson(eventId: string, personId: string): Promise<void> {
    const keys = [evKey(eventId, 'quizzes'), versionsKey(eventId), seqKey(eventId)];
    await this.redis.run(ERASE, keys, [evKey(eventId, 'quiz', ''), personId]);
  }

  async clear(eventId: string, deleteToo: boolean): Promise<void> {
    const keys = [evKey(eventId, 'quizzes'), versionsKey(eventId), evKey(eventId, 'quiz-deadlines')];
    await this.redis.run(CLEAR, keys, [evKey(eventId, 'quiz', ''), deleteToo ? '1' : '0']);
  }
}
