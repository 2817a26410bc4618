import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';

// Section 11 on Redis (keys in redis-question.store.ts): a person's erasure, the reset after a
// rehearsal and the event's deletion, each one script. Per-question and per-voter keys are derived
// from :qa:ids and the voter sets (one hash tag, one slot).

// ARGV[1] of every script: the forum's key prefix "{ev:X}:qa:".
const KEYS_OF = `
local P = ARGV[1]
local function voterKeys(voter) return P .. 'upvoted:' .. voter, P .. 'used:' .. voter end`;

// KEYS: ids, versions, seq. ARGV: prefix, person, stand-in.
// Their questions lose name, country and author id (KOC flag kept); in each voter set of the
// questions they upvote (their :upvoted set, kept in step by upvotes and merges) they become the
// stand-in, so SCARD, the ranking and merges are unchanged; their own keys go (the ask limit's key
// is AskLimit's: it forgets the person itself, on either store).
const ERASE = new LuaScript<number>(`${KEYS_OF}
local person, standIn = ARGV[2], ARGV[3]
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local q = P .. 'q:' .. id
  local data = cjson.decode(redis.call('HGET', q, 'data'))
  if data.authorId == person then
    data.authorId = ''
    data.anonymous = true
    data.author = {name = cjson.null, country = cjson.null, koc = data.author.koc}
    redis.call('HSET', q, 'data', cjson.encode(data))
    redis.call('HINCRBY', q, 'rev', 1)
    n = n + 1
  end
end
local upvoted, used = voterKeys(person)
local ids = redis.call('SMEMBERS', upvoted)
for _, id in ipairs(ids) do
  if redis.call('SREM', P .. 'voters:' .. id, person) == 1 then redis.call('SADD', P .. 'voters:' .. id, standIn) end
end
if #ids > 0 then redis.call('RENAME', upvoted, (voterKeys(standIn))) end
redis.call('DEL', used)
-- Questions changed: cached snapshots (keyed by seq and the qa version) are read again, and clients
-- that see the seq gap resync.
if n > 0 then
  redis.call('HINCRBY', KEYS[2], 'qa', 1)
  redis.call('INCR', KEYS[3])
end
return n + #ids`);

// Every question, voter set, voter's sets and author's ask-limit key (ARGV[3]: its prefix); with
// ARGV[2] == '1' the settings too. KEYS: ids, versions, rank, settings. The `qa` version moves
// forward on a reset, its field goes on a delete.
const CLEAR = new LuaScript<number>(`${KEYS_OF}
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  local voters = P .. 'voters:' .. id
  local author = cjson.decode(redis.call('HGET', P .. 'q:' .. id, 'data') or '{}').authorId
  if author and author ~= '' then redis.call('DEL', ARGV[3] .. author) end
  for _, v in ipairs(redis.call('SMEMBERS', voters)) do redis.call('DEL', voterKeys(v)) end
  redis.call('DEL', P .. 'q:' .. id, voters)
end
redis.call('DEL', KEYS[1], KEYS[3])
if ARGV[2] == '1' then
  redis.call('DEL', KEYS[4])
  redis.call('HDEL', KEYS[2], 'qa')
else
  redis.call('HINCRBY', KEYS[2], 'qa', 1)
end
return #ids`);

/** The event's forum as one unit on Redis: erase a person, reset, delete. */
export class RedisQuestionData {
  constructor(private readonly redis: RedisConnection) {}

  async erasePerson(eventId: string, personId: string, standIn: string): Promise<void> {
    const keys = [evKey(eventId, 'qa', 'ids'), versionsKey(eventId), seqKey(eventId)];
    await this.redis.run(ERASE, keys, [evKey(eventId, 'qa', ''), personId, standIn]);
  }

  /** `askLimitPrefix`: AskLimit's keys are this plus the person's id. */
  async clear(eventId: string, settingsToo: boolean, askLimitPrefix: string): Promise<void> {
    const keys = [
      evKey(eventId, 'qa', 'ids'),
      versionsKey(eventId),
      evKey(eventId, 'qa', 'rank'),
      evKey(eventId, 'qa', 'settings'),
    ];
    await this.redis.run(CLEAR, keys, [evKey(eventId, 'qa', ''), settingsToo ? '1' : '0', askLimitPrefix]);
  }
}
