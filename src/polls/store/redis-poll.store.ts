import { seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import { SUMS } from '../../redis/lua-sums.js';
import { TurnBatch } from '../../redis/turn-batch.js';
import {
  assemblePoll,
  definitionOf,
  type ChangeResult,
  type PollChange,
  type PollStore,
  type RawTally,
  type VoteResult,
} from '../poll.store.js';
import type { AnswerStatus, Poll, PollDefinition, TextAnswer, Vote, VoteEffect } from '../poll.types.js';
import { RedisAnswers } from './redis-answers.js';
import { RedisPollData } from './redis-poll.data.js';
import {
  numbers,
  pairs,
  partKey,
  pollKey,
  pollsKey,
  wordPairsOf,
  type CastVote,
  type StoredVote,
} from './redis-poll.keys.js';

// Keys of one event: {ev:<id>}:polls (zset, score = seq at creation), and per poll
// :poll:<id> (hash: def, status, revealed, openedAt, closedAt, sum, answers), :votes (voter -> stored
// vote), :counts (key -> n), :countries (country -> n), :words (zset word -> -n); text polls' own
// keys are in redis-answers.ts.

const CREATE = new LuaScript<number>(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'def', ARGV[2], 'status', 'draft', 'revealed', ARGV[3], 'sum', '0')
redis.call('ZADD', KEYS[2], seq, ARGV[1])
return seq`);

// Returns {-1} missing, {-2} draft, {0, fields...} unchanged, {seq, fields...} changed.
const CHANGE = new LuaScript<[number, ...string[]]>(`
local st = redis.call('HMGET', KEYS[1], 'status', 'revealed')
if not st[1] then return {-1} end
local change, result = ARGV[1], 0
if change == 'open' then
  if st[1] ~= 'open' then
    redis.call('HSET', KEYS[1], 'status', 'open', 'openedAt', ARGV[2])
    redis.call('HDEL', KEYS[1], 'closedAt')
    result = 1
  end
elseif st[1] == 'draft' then
  return {-2}
elseif change == 'close' then
  if st[1] ~= 'closed' then
    redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[2])
    result = 1
  end
elseif st[2] ~= '1' then
  redis.call('HSET', KEYS[1], 'revealed', '1')
  result = 1
end
if result == 1 then result = redis.call('INCR', KEYS[2]) end
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, result)
return out`);

// KEYS: poll, votes, counts, countries, words, versions. ARGV: version field, mode ('1' word cloud,
// '2' weighted: ranking, else '0'), and the votes as one JSON array, each [voter, stored vote,
// rating value, country, counter keys, their weights (ranking) or null]: one argument for the
// batch, not six or more per vote for ioredis to copy and hold and Redis to parse. Takes the votes in order,
// each undoing its voter's earlier vote first (its stored weights `w`, else 1 each), and writes the
// batch's net moves once per counter, country and voter at the end (a crowd moves few counters many
// times: two commands per vote instead of five to nine); answers the new version.
const VOTES = new LuaScript<number>(`${SUMS}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status ~= 'open' then return -2 end
local weighted = ARGV[2] == '2'
local votes = cjson.decode(ARGV[3])
local moves, countries, stored, voters = sums(), sums(), {}, {}
local sum = 0
local function country(c, by)
  if c ~= '' then add(countries, c, by) end
end
for _, vote in ipairs(votes) do
  local voter = vote[1]
  local old = stored[voter]
  if not old then
    old = redis.call('HGET', KEYS[2], voter)
    voters[#voters + 1] = voter
  end
  if old then
    local o = cjson.decode(old)
    for j, k in ipairs(o.k) do add(moves, k, -(o.w and o.w[j] or 1)) end
    country(o.c, -1)
    sum = sum - o.v
  end
  local weights = vote[6]
  for j, k in ipairs(vote[5]) do add(moves, k, weighted and weights[j] or 1) end
  country(vote[4], 1)
  sum = sum + vote[3]
  stored[voter] = vote[2]
end
if ARGV[2] == '1' then
  -- Word cloud. Scores are negated counts: ZRANGE then gives most voted first, ties in A-Z order.
  for _, key in ipairs(moves.names) do
    local by = moves.by[key]
    if by ~= 0 and tonumber(redis.call('ZINCRBY', KEYS[5], -by, key)) >= 0 then redis.call('ZREM', KEYS[5], key) end
  end
else
  hincrby(moves, KEYS[3])
end
for _, c in ipairs(countries.names) do
  local by = countries.by[c]
  if by ~= 0 and redis.call('HINCRBY', KEYS[4], c, by) <= 0 then redis.call('HDEL', KEYS[4], c) end
end
-- Never 0: Lua's -0 would reach Redis as "-0", which HINCRBY refuses.
if sum ~= 0 then redis.call('HINCRBY', KEYS[1], 'sum', sum) end
local writes = {}
for _, voter in ipairs(voters) do
  writes[#writes + 1] = voter
  writes[#writes + 1] = stored[voter]
end
redis.call('HSET', KEYS[2], unpack(writes))
return redis.call('HINCRBY', KEYS[6], ARGV[1], #votes)`);
/** Votes of one poll per script: a few milliseconds of Redis at most. */
const MAX_BATCH = 256;

// KEYS: poll, seq. ARGV: correct JSON, at. Returns like CHANGE.
const SETTLE = new LuaScript<[number, ...string[]]>(`
local st = redis.call('HMGET', KEYS[1], 'status', 'correct')
if not st[1] then return {-1} end
local result = 0
if st[2] ~= ARGV[1] or st[1] == 'open' then
  redis.call('HSET', KEYS[1], 'correct', ARGV[1])
  if st[1] == 'open' then redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[2]) end
  result = redis.call('INCR', KEYS[2])
end
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, result)
return out`);

function fromFields(fields: Record<string, string>): Poll {
  return assemblePoll(JSON.parse(fields.def) as PollDefinition, fields);
}

export class RedisPollStore implements PollStore {
  private readonly votes = new TurnBatch<CastVote, VoteResult>((batch) => this.applyVotes(batch), MAX_BATCH);
  /** Text polls' answers: their own keys and scripts. */
  private readonly answers: RedisAnswers;
  /** Section 11: erasure, reset and deletion, in scripts of their own. */
  private readonly data: RedisPollData;

  constructor(private readonly redis: RedisConnection) {
    this.answers = new RedisAnswers(redis);
    this.data = new RedisPollData(redis);
  }

  async create(eventId: string, poll: Poll): Promise<number | null> {
    const seq = await this.redis.run(
      CREATE,
      [pollKey(eventId, poll.id), pollsKey(eventId), seqKey(eventId)],
      [poll.id, JSON.stringify(definitionOf(poll)), poll.revealed ? '1' : '0'],
    );
    return seq === 0 ? null : seq;
  }

  async get(eventId: string, pollId: string): Promise<Poll | null> {
    const fields = await this.redis.client.hgetall(pollKey(eventId, pollId));
    return fields.def === undefined ? null : fromFields(fields);
  }

  async list(eventId: string): Promise<Poll[]> {
    const ids = await this.redis.client.zrevrange(pollsKey(eventId), 0, -1);
    const all = await Promise.all(ids.map((id) => this.get(eventId, id)));
    return all.filter((p): p is Poll => p !== null);
  }

  ids(eventId: string): Promise<string[]> {
    return this.redis.client.zrevrange(pollsKey(eventId), 0, -1);
  }

  async change(eventId: string, pollId: string, change: PollChange, at: number): Promise<ChangeResult> {
    return this.changeResult(await this.redis.run(CHANGE, [pollKey(eventId, pollId), seqKey(eventId)], [change, at]));
  }

  async settle(eventId: string, pollId: string, correct: string[], at: number): Promise<ChangeResult> {
    const keys = [pollKey(eventId, pollId), seqKey(eventId)];
    return this.changeResult(await this.redis.run(SETTLE, keys, [JSON.stringify(correct), at]));
  }

  async voters(eventId: string, pollId: string): Promise<Record<string, string[]>> {
    const raw = await this.redis.client.hgetall(partKey(eventId, pollId, 'votes'));
    return Object.fromEntries(
      Object.entries(raw).map(([voter, stored]) => [voter, (JSON.parse(stored) as StoredVote).k]),
    );
  }

  private changeResult([code, ...fields]: [number, ...string[]]): ChangeResult {
    if (code === -1) return { kind: 'missing' };
    if (code === -2) return { kind: 'draft' };
    const poll = fromFields(pairs(fields));
    return code === 0 ? { kind: 'unchanged', poll } : { kind: 'changed', poll, seq: code };
  }

  vote(eventId: string, pollId: string, voterId: string, effect: VoteEffect): Promise<VoteResult> {
    return this.votes.add(`${eventId}\n${pollId}`, { eventId, pollId, voterId, effect });
  }

  /**
   * Votes on one poll, cast in one turn: one script, one answer for all (the poll's status). Not
   * an async function: what waits on Redis is the script's answer, not the batch.
   */
  private applyVotes(batch: CastVote[]): Promise<VoteResult> {
    const { eventId, pollId } = batch[0];
    // Every vote of a poll is of its kind: the first tells for the batch.
    const first = batch[0].effect;
    if (first.answer) return this.answers.apply(batch);
    const mode = first.weights ? '2' : first.vote.text !== undefined ? '1' : '0';
    const votes = batch.map(({ voterId, effect }) => {
      const stored: StoredVote = { k: effect.keys, v: effect.value, c: effect.country ?? '', o: effect.vote };
      if (effect.weights) stored.w = effect.weights;
      return [voterId, JSON.stringify(stored), effect.value, stored.c, effect.keys, effect.weights ?? null];
    });
    const keys = [
      pollKey(eventId, pollId),
      partKey(eventId, pollId, 'votes'),
      partKey(eventId, pollId, 'counts'),
      partKey(eventId, pollId, 'countries'),
      partKey(eventId, pollId, 'words'),
      versionsKey(eventId),
    ];
    return this.redis
      .run(VOTES, keys, [`poll:${pollId}`, mode, JSON.stringify(votes)])
      .then((result) => (result === -1 ? 'missing' : result === -2 ? 'closed' : 'ok'));
  }

  moderate(eventId: string, pollId: string, answerId: string, status: AnswerStatus): Promise<TextAnswer | null> {
    return this.answers.moderate(eventId, pollId, answerId, status);
  }

  async tally(eventId: string, poll: PollDefinition, wordsLimit: number): Promise<RawTally> {
    if (poll.kind === 'text') return this.answers.tally(eventId, poll, wordsLimit);
    // One MULTI: the counters and their version are read at one instant, never split by a vote.
    const [counts, countries, words, voters, [sum, revealed, erased], version] = await this.redis.atomically<
      [Record<string, string>, Record<string, string>, string[], number, (string | null)[], string | null]
    >((m) =>
      m
        .hgetall(partKey(eventId, poll.id, 'counts'))
        .hgetall(partKey(eventId, poll.id, 'countries'))
        .zrange(partKey(eventId, poll.id, 'words'), '0', String(Math.min(wordsLimit, 1_000_000) - 1), 'WITHSCORES')
        .hlen(partKey(eventId, poll.id, 'votes'))
        .hmget(pollKey(eventId, poll.id), 'sum', 'revealed', 'erased')
        .hget(versionsKey(eventId), `poll:${poll.id}`),
    );
    return {
      version: Number(version ?? 0),
      // Erased voters' votes are gone, their counts stay.
      total: voters + Number(erased ?? 0),
      counts: numbers(counts),
      byCountry: numbers(countries),
      words: wordPairsOf(words, wordsLimit),
      sum: Number(sum ?? 0),
      revealed: revealed === '1',
    };
  }

  async votesOf(eventId: string, voterId: string, pollIds: string[]): Promise<Record<string, Vote>> {
    const raw = await Promise.all(pollIds.map((id) => this.redis.client.hget(partKey(eventId, id, 'votes'), voterId)));
    const out: Record<string, Vote> = {};
    pollIds.forEach((id, i) => {
      const stored = raw[i];
      if (stored) out[id] = (JSON.parse(stored) as StoredVote).o;
    });
    return out;
  }

  erasePerson(eventId: string, voterId: string): Promise<void> {
    return this.data.erasePerson(eventId, voterId);
  }

  reset(eventId: string): Promise<void> {
    return this.data.reset(eventId);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.data.deleteEvent(eventId);
  }
}
