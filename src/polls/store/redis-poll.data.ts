import { evKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import { pollsKey } from './redis-poll.keys.js';

// Section 11 on Redis: a person's erasure, the reset after a rehearsal, and the event's deletion,
// each one script over every poll of the event. The per-poll keys are derived from the ids in
// :polls (same hash tag, so same slot: a script may name them itself, as the forum's merge does).

/** Every per-poll key suffix (redis-poll.store.ts and redis-answers.ts): votes, counters, answers. */
const PARTS = `local PARTS = {'votes', 'counts', 'countries', 'words', 'answers', 'statuses', 'feed', 'approved'}`;

// KEYS: polls, versions. ARGV: per-poll key prefix ("{ev:X}:poll:"), voter.
// Drops the voter's vote in every poll; counters stay, `erased` keeps `total` (HLEN :votes + erased).
// A text answer stays as text, its country gone (the tally's answers change: version moves).
const ERASE = new LuaScript<number>(`
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local poll = ARGV[1] .. id
  local old = redis.call('HGET', poll .. ':votes', ARGV[2])
  if old then
    redis.call('HDEL', poll .. ':votes', ARGV[2])
    redis.call('HINCRBY', poll, 'erased', 1)
    local o = cjson.decode(old)
    if o.a then
      local json = redis.call('HGET', poll .. ':answers', o.a)
      if json then
        local a = cjson.decode(json)
        a.country = cjson.null
        redis.call('HSET', poll .. ':answers', o.a, cjson.encode(a))
        redis.call('HINCRBY', KEYS[2], 'poll:' .. id, 1)
      end
    end
    n = n + 1
  end
end
return n`);

// KEYS: polls, versions. ARGV: per-poll key prefix. Every poll back to a draft without votes; each
// tally's version moves forward (clients keep only newer tallies).
const RESET = new LuaScript<number>(`${PARTS}
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  local poll = ARGV[1] .. id
  for _, part in ipairs(PARTS) do redis.call('DEL', poll .. ':' .. part) end
  redis.call('HSET', poll, 'status', 'draft', 'revealed', '0', 'sum', '0')
  redis.call('HDEL', poll, 'openedAt', 'closedAt', 'correct', 'answers', 'erased')
  redis.call('HINCRBY', KEYS[2], 'poll:' .. id, 1)
end
return #ids`);

// KEYS: polls, versions. ARGV: per-poll key prefix. Every key of every poll, then the list.
const DELETE = new LuaScript<number>(`${PARTS}
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  local poll = ARGV[1] .. id
  for _, part in ipairs(PARTS) do redis.call('DEL', poll .. ':' .. part) end
  redis.call('DEL', poll)
  redis.call('HDEL', KEYS[2], 'poll:' .. id)
end
redis.call('DEL', KEYS[1])
return #ids`);

/** The event's polls as one unit on Redis: erase a voter, reset, delete. */
export class RedisPollData {
  constructor(private readonly redis: RedisConnection) {}

  async erasePerson(eventId: string, voterId: string): Promise<void> {
    await this.redis.run(ERASE, this.keys(eventId), [evKey(eventId, 'poll', ''), voterId]);
  }

  async reset(eventId: string): Promise<void> {
    await this.redis.run(RESET, this.keys(eventId), [evKey(eventId, 'poll', '')]);
  }

  async deleteEvent(eventId: string): Promise<void> {
    await this.redis.run(DELETE, this.keys(eventId), [evKey(eventId, 'poll', '')]);
  }

  private keys(eventId: string): string[] {
    return [pollsKey(eventId), versionsKey(eventId)];
  }
}
