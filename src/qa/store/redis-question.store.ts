import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import { TurnBatch } from '../../redis/turn-batch.js';
import type {
  MergeResult,
  QuestionPatch,
  QuestionStore,
  UpdateResult,
  UpvoteLimit,
  UpvoteResult,
} from '../question.store.js';
import type { QuestionStatus, StoredQuestion } from '../question.types.js';
import { askLimitKey } from '../ask-limit.js';
import { RedisQuestionData } from './redis-question.data.js';

// Keys of one event's forum: {ev:X}:qa:q:<id> (hash: data JSON of the fixed fields, status,
// featured, answer, mergedInto, rev), :qa:ids (zset by creation), :qa:voters:<id> (set),
// :qa:upvoted:<voter> (set of question ids), :qa:rank (zset: public question -> upvotes),
// :qa:settings (hash), :qa:used:<voter> (upvotes and unvotes in the voter's limit window).
const qKey = (e: string, id: string): string => evKey(e, 'qa', 'q', id);
const idsKey = (e: string): string => evKey(e, 'qa', 'ids');
const votersKey = (e: string, id: string): string => evKey(e, 'qa', 'voters', id);
const upvotedKey = (e: string, voter: string): string => evKey(e, 'qa', 'upvoted', voter);
const rankKey = (e: string): string => evKey(e, 'qa', 'rank');
const settingsKey = (e: string): string => evKey(e, 'qa', 'settings');
const usedKey = (e: string, voter: string): string => evKey(e, 'qa', 'used', voter);

// Shared by the scripts: is the question public, and keep the ranking in step with that.
const RANK = `
local function public(key)
  local f = redis.call('HMGET', key, 'status', 'mergedInto')
  return (f[1] == 'approved' or f[1] == 'answered') and not f[2]
end
local function rank(qkey, vkey, rkey, id)
  if public(qkey) then redis.call('ZADD', rkey, redis.call('SCARD', vkey), id) else redis.call('ZREM', rkey, id) end
end`;

// KEYS: q, ids, rank, seq. ARGV: id, data, status, createdAt.
const ASK = new LuaScript<number>(`${RANK}
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'status', ARGV[3], 'featured', '0', 'rev', '0')
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
if public(KEYS[1]) then redis.call('ZADD', KEYS[3], 0, ARGV[1]) end
return redis.call('INCR', KEYS[4])`);

// KEYS: q, voters, rank, seq, versions. ARGV: id, rev, status|'', featured|'', answer mode (keep|set|del), answer.
const UPDATE = new LuaScript<[number, string[]?, number?]>(`${RANK}
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return {-1} end
if rev ~= ARGV[2] then return {-2} end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'status', ARGV[3]) end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'featured', ARGV[4]) end
if ARGV[5] == 'set' then redis.call('HSET', KEYS[1], 'answer', ARGV[6]) elseif ARGV[5] == 'del' then redis.call('HDEL', KEYS[1], 'answer') end
redis.call('HINCRBY', KEYS[1], 'rev', 1)
rank(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[5], 'qa', 1)
return {redis.call('INCR', KEYS[4]), redis.call('HGETALL', KEYS[1]), redis.call('SCARD', KEYS[2])}`);

// KEYS: rank, versions, then four per upvote or unvote: q, voters, upvoted, used. ARGV: five per
// upvote or unvote, in the order they came: id, voter, '1' up / '0' down, limit points, limit window
// ms. Answers two numbers per upvote: the upvotes and 0, -1 and 0 (missing), or -2 and the ms until
// the voter's window ends (limited). Each one is what it would be alone, in this order; the counter
// version moves by one per change, once for the batch.
const VOTES = new LuaScript<number[]>(`${RANK}
local out, changes = {}, 0
for i = 0, #ARGV / 5 - 1 do
  local a, k = i * 5, 2 + i * 4
  local id, voter, up = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3] == '1'
  local used = redis.call('INCR', KEYS[k + 4])
  if used == 1 then redis.call('PEXPIRE', KEYS[k + 4], ARGV[a + 5]) end
  if used > tonumber(ARGV[a + 4]) then
    out[#out + 1] = -2
    out[#out + 1] = redis.call('PTTL', KEYS[k + 4])
  elseif not public(KEYS[k + 1]) then
    out[#out + 1] = -1
    out[#out + 1] = 0
  else
    local changed
    if up then changed = redis.call('SADD', KEYS[k + 2], voter) else changed = redis.call('SREM', KEYS[k + 2], voter) end
    local n = redis.call('SCARD', KEYS[k + 2])
    if changed == 1 then
      if up then redis.call('SADD', KEYS[k + 3], id) else redis.call('SREM', KEYS[k + 3], id) end
      redis.call('ZADD', KEYS[1], n, id)
      changes = changes + 1
    end
    out[#out + 1] = n
    out[#out + 1] = 0
  end
end
if changes > 0 then redis.call('HINCRBY', KEYS[2], 'qa', changes) end
return out`);
/** Upvotes of one event per script: a hall upvoting the question on screen is a few scripts a turn. */
const MAX_VOTES = 256;

/** One upvote or unvote waiting for its turn's script. */
interface PendingVote {
  id: string;
  voterId: string;
  up: '1' | '0';
  limit: UpvoteLimit;
}

// KEYS: from q, into q, from voters, into voters, rank, seq, versions.
// ARGV: from id, into id, from rev, into rev, prefix of the voters' upvoted sets (same hash tag).
const MERGE = new LuaScript<[number, string[]?, number?, string[]?, number?]>(`${RANK}
local revs = {redis.call('HGET', KEYS[1], 'rev'), redis.call('HGET', KEYS[2], 'rev')}
if not revs[1] or not revs[2] then return {-1} end
if revs[1] ~= ARGV[3] or revs[2] ~= ARGV[4] then return {-2} end
for _, v in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  redis.call('SADD', KEYS[4], v)
  redis.call('SREM', ARGV[5] .. v, ARGV[1])
  redis.call('SADD', ARGV[5] .. v, ARGV[2])
end
redis.call('HSET', KEYS[1], 'mergedInto', ARGV[2], 'featured', '0')
redis.call('HINCRBY', KEYS[1], 'rev', 1)
redis.call('HINCRBY', KEYS[2], 'rev', 1)
redis.call('ZREM', KEYS[5], ARGV[1])
rank(KEYS[2], KEYS[4], KEYS[5], ARGV[2])
redis.call('HINCRBY', KEYS[7], 'qa', 1)
local seq = redis.call('INCRBY', KEYS[6], 2)
return {seq, redis.call('HGETALL', KEYS[1]), redis.call('SCARD', KEYS[3]), redis.call('HGETALL', KEYS[2]), redis.call('SCARD', KEYS[4])}`);

// KEYS: settings, seq. ARGV: '1' or '0'.
const SET_MODERATION = new LuaScript<number>(`
redis.call('HSET', KEYS[1], 'moderation', ARGV[1])
return redis.call('INCR', KEYS[2])`);

type Fixed = Omit<StoredQuestion, 'status' | 'featured' | 'answer' | 'mergedInto' | 'rev' | 'upvotes'>;

function fromHash(flat: string[] | Record<string, string>, upvotes: number): StoredQuestion {
  const fields: Record<string, string> = {};
  if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
  else Object.assign(fields, flat);
  const q: StoredQuestion = {
    ...(JSON.parse(fields.data) as Fixed),
    status: fields.status as QuestionStatus,
    featured: fields.featured === '1',
    upvotes,
    rev: Number(fields.rev),
  };
  if (fields.answer !== undefined) q.answer = fields.answer;
  if (fields.mergedInto !== undefined) q.mergedInto = fields.mergedInto;
  return q;
}

export class RedisQuestionStore implements QuestionStore {
  /** Section 11: erasure, reset and deletion, in scripts of their own. */
  private readonly data: RedisQuestionData;
  private readonly votes = new TurnBatch<PendingVote, number[]>(
    (batch, eventId) => this.applyVotes(eventId, batch),
    MAX_VOTES,
  );

  constructor(private readonly redis: RedisConnection) {
    this.data = new RedisQuestionData(redis);
  }

  async ask(eventId: string, q: StoredQuestion): Promise<number> {
    const fixed: Fixed = {
      id: q.id,
      text: q.text,
      author: q.author,
      authorId: q.authorId,
      anonymous: q.anonymous,
      flagged: q.flagged,
      createdAt: q.createdAt,
    };
    if (q.lang !== undefined) fixed.lang = q.lang;
    const keys = [qKey(eventId, q.id), idsKey(eventId), rankKey(eventId), seqKey(eventId)];
    return this.redis.run(ASK, keys, [q.id, JSON.stringify(fixed), q.status, q.createdAt]);
  }

  async get(eventId: string, id: string): Promise<StoredQuestion | null> {
    const [fields, upvotes] = await Promise.all([
      this.redis.client.hgetall(qKey(eventId, id)),
      this.redis.client.scard(votersKey(eventId, id)),
    ]);
    return fields.data === undefined ? null : fromHash(fields, upvotes);
  }

  async list(eventId: string): Promise<StoredQuestion[]> {
    const ids = await this.redis.client.zrange(idsKey(eventId), '0', '-1');
    const all = await Promise.all(ids.map((id) => this.get(eventId, id)));
    return all.filter((q): q is StoredQuestion => q !== null);
  }

  async update(eventId: string, id: string, rev: number, patch: QuestionPatch): Promise<UpdateResult> {
    const keys = [qKey(eventId, id), votersKey(eventId, id), rankKey(eventId), seqKey(eventId), versionsKey(eventId)];
    const mode = patch.answer === undefined ? 'keep' : patch.answer === null ? 'del' : 'set';
    const featured = patch.featured === undefined ? '' : patch.featured ? '1' : '0';
    const args = [id, rev, patch.status ?? '', featured, mode, patch.answer ?? ''];
    const out = await this.redis.run(UPDATE, keys, args);
    if (out[0] === -1) return { kind: 'missing' };
    if (out[0] === -2) return { kind: 'stale' };
    return { kind: 'changed', question: fromHash(out[1] ?? [], out[2] ?? 0), seq: out[0] };
  }

  upvote(eventId: string, id: string, voterId: string, limit: UpvoteLimit): Promise<UpvoteResult> {
    return this.vote(eventId, id, voterId, '1', limit);
  }

  unvote(eventId: string, id: string, voterId: string, limit: UpvoteLimit): Promise<UpvoteResult> {
    return this.vote(eventId, id, voterId, '0', limit);
  }

  private vote(eventId: string, id: string, voterId: string, up: '1' | '0', limit: UpvoteLimit): Promise<UpvoteResult> {
    const { answer, index } = this.votes.place(eventId, { id, voterId, up, limit });
    return answer.then((out) => {
      const code = out[2 * index] ?? -1;
      if (code === -2) return { kind: 'limited', retryAfterMs: Number(out[2 * index + 1]) };
      return code < 0 ? { kind: 'missing' } : { kind: 'ok', upvotes: code };
    });
  }

  /** The upvotes and unvotes of one event in one turn, in the order they came: one script. */
  private applyVotes(eventId: string, batch: PendingVote[]): Promise<number[]> {
    const keys = [rankKey(eventId), versionsKey(eventId)];
    const args: (string | number)[] = [];
    for (const v of batch) {
      keys.push(
        qKey(eventId, v.id),
        votersKey(eventId, v.id),
        upvotedKey(eventId, v.voterId),
        usedKey(eventId, v.voterId),
      );
      args.push(v.id, v.voterId, v.up, v.limit.points, v.limit.windowMs);
    }
    return this.redis.run(VOTES, keys, args);
  }

  async merge(eventId: string, id: string, intoId: string, revs: [number, number]): Promise<MergeResult> {
    const keys = [
      qKey(eventId, id),
      qKey(eventId, intoId),
      votersKey(eventId, id),
      votersKey(eventId, intoId),
      rankKey(eventId),
      seqKey(eventId),
      versionsKey(eventId),
    ];
    const args = [id, intoId, revs[0], revs[1], upvotedKey(eventId, '')];
    const out = await this.redis.run(MERGE, keys, args);
    if (out[0] === -1) return { kind: 'missing' };
    if (out[0] === -2) return { kind: 'stale' };
    return {
      kind: 'merged',
      merged: fromHash(out[1] ?? [], out[2] ?? 0),
      kept: fromHash(out[3] ?? [], out[4] ?? 0),
      seq: out[0],
    };
  }

  upvotedBy(eventId: string, voterId: string): Promise<string[]> {
    return this.redis.client.smembers(upvotedKey(eventId, voterId));
  }

  async upvoteCounts(eventId: string, limit: number): Promise<{ version: number; counts: Record<string, number> }> {
    const [ranked, version] = await this.redis.atomically<[string[], string | null]>((m) =>
      m.zrevrange(rankKey(eventId), 0, limit - 1, 'WITHSCORES').hget(versionsKey(eventId), 'qa'),
    );
    const counts: Record<string, number> = {};
    // ZREVRANGE 0 -1 (limit 0) is the whole ranking: stop at `limit` as the memory store does.
    for (let i = 0; i + 1 < ranked.length && i < 2 * limit; i += 2) counts[ranked[i]] = Number(ranked[i + 1]);
    return { version: Number(version ?? 0), counts };
  }

  async moderation(eventId: string): Promise<boolean | null> {
    const value = await this.redis.client.hget(settingsKey(eventId), 'moderation');
    return value === null ? null : value === '1';
  }

  async setModeration(eventId: string, on: boolean): Promise<number> {
    return this.redis.run(SET_MODERATION, [settingsKey(eventId), seqKey(eventId)], [on ? '1' : '0']);
  }

  erasePerson(eventId: string, personId: string, standIn: string): Promise<void> {
    return this.data.erasePerson(eventId, personId, standIn);
  }

  reset(eventId: string): Promise<void> {
    return this.data.clear(eventId, false, askLimitKey(eventId, ''));
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.data.clear(eventId, true, askLimitKey(eventId, ''));
  }
}
