import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import type { Actor, Change, CrashState, CrashStore, ResultChange } from '../crash.store.js';
import type { AuditEntry, Board, Entry, Result } from '../crash.types.js';
import { amendedResult, sameResultContent } from '../crash-rules.js';

// Keys of one event: {ev:X}:crash:entries (hash id -> Entry JSON), :crash:results (hash id -> Result
// JSON), :crash:meta (hash: version, frozen board JSON), :crash:audit (list of AuditEntry JSON),
// :predict:points (zset person -> -points, so ZRANGE gives most points first, ties A-Z),
// :predict:awarded (hash poll -> JSON array of the people who got its points).
const entriesKey = (e: string): string => evKey(e, 'crash', 'entries');
const resultsKey = (e: string): string => evKey(e, 'crash', 'results');
const metaKey = (e: string): string => evKey(e, 'crash', 'meta');
const auditKey = (e: string): string => evKey(e, 'crash', 'audit');
const pointsKey = (e: string): string => evKey(e, 'predict', 'points');
const awardedKey = (e: string): string => evKey(e, 'predict', 'awarded');

// Every change raises the board version and the event's seq.
const BUMP = `
local function bump(meta, seq)
  local version = redis.call('HINCRBY', meta, 'version', 1)
  return {redis.call('INCR', seq), version}
end`;

// KEYS: entries, meta, seq. ARGV: id, entry JSON.
const UPSERT_ENTRY = new LuaScript<number[]>(`${BUMP}
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return {0} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return bump(KEYS[2], KEYS[3])`);

// KEYS: results, meta, seq, audit. ARGV: id, the JSON it must still have ('' for none), new JSON, audit JSON.
const SET_RESULT = new LuaScript<number[]>(`${BUMP}
if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[2] then return {-2} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('RPUSH', KEYS[4], ARGV[4])
return bump(KEYS[2], KEYS[3])`);

// KEYS: meta, seq. ARGV: board JSON, expected version.
const FREEZE = new LuaScript<number[]>(`${BUMP}
if redis.call('HEXISTS', KEYS[1], 'frozen') == 1 then return {0} end
if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[2] then return {-2} end
redis.call('HSET', KEYS[1], 'frozen', ARGV[1])
return bump(KEYS[1], KEYS[2])`);

// KEYS: meta, seq.
const UNFREEZE = new LuaScript<number[]>(`${BUMP}
if redis.call('HDEL', KEYS[1], 'frozen') == 0 then return {0} end
return bump(KEYS[1], KEYS[2])`);

// KEYS: points, awarded, versions. ARGV: poll, points, winners JSON array.
const AWARD = new LuaScript<number>(`
local function move(id, by)
  local score = tonumber(redis.call('ZINCRBY', KEYS[1], -by, id))
  if score >= 0 then redis.call('ZREM', KEYS[1], id) end
end
local pts = tonumber(ARGV[2])
local before = redis.call('HGET', KEYS[2], ARGV[1])
if before then for _, id in ipairs(cjson.decode(before)) do move(id, -pts) end end
for _, id in ipairs(cjson.decode(ARGV[3])) do move(id, pts) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return redis.call('HINCRBY', KEYS[3], 'predictors', 1)`);

// KEYS: points, awarded, versions. ARGV: person. Their points and their place among each poll's winners.
const ERASE = new LuaScript<number>(`
redis.call('ZREM', KEYS[1], ARGV[1])
local flat = redis.call('HGETALL', KEYS[2])
for i = 1, #flat, 2 do
  local winners, kept = cjson.decode(flat[i + 1]), {}
  for _, id in ipairs(winners) do if id ~= ARGV[1] then kept[#kept + 1] = id end end
  -- cjson writes an empty table as {}: keep the JSON array the store reads.
  if #kept < #winners then redis.call('HSET', KEYS[2], flat[i], #kept == 0 and '[]' or cjson.encode(kept)) end
end
return redis.call('HINCRBY', KEYS[3], 'predictors', 1)`);

// KEYS: results, audit, meta, points, awarded, entries, versions. ARGV: '1' to delete the event's
// challenge (entries too), else a reset: entries kept, the board's and predictors' versions move on.
const CLEAR = new LuaScript<number>(`
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4], KEYS[5])
if ARGV[1] == '1' then
  redis.call('DEL', KEYS[3], KEYS[6])
  redis.call('HDEL', KEYS[7], 'predictors')
  return 0
end
redis.call('HDEL', KEYS[3], 'frozen')
redis.call('HINCRBY', KEYS[7], 'predictors', 1)
return redis.call('HINCRBY', KEYS[3], 'version', 1)`);

const ATTEMPTS = 5;

export class RedisCrashStore implements CrashStore {
  constructor(private readonly redis: RedisConnection) {}

  async upsertEntry(eventId: string, entry: Entry): Promise<Change> {
    const keys = [entriesKey(eventId), metaKey(eventId), seqKey(eventId)];
    const [seq, version] = await this.redis.run(UPSERT_ENTRY, keys, [entry.id, JSON.stringify(entry)]);
    return seq === 0 ? { kind: 'unchanged' } : { kind: 'changed', seq: seq ?? 0, version: version ?? 0 };
  }

  upsertResult(eventId: string, result: Result, by: Actor): Promise<ResultChange> {
    return this.setResult(eventId, result.id, by, result.at, async (before) => {
      if (before && sameResultContent(before, result)) return null;
      const exists = await this.redis.client.hexists(entriesKey(eventId), result.entryId);
      return exists ? amendedResult(before, result) : 'missing';
    });
  }

  voidResult(eventId: string, resultId: string, at: number, by: Actor): Promise<ResultChange> {
    return this.setResult(eventId, resultId, by, at, (before) => {
      if (!before) return Promise.resolve('missing');
      return Promise.resolve(before.status === 'void' ? null : { ...before, status: 'void' });
    });
  }

  /** Reads the result, lets `decide` make the new one, writes it if nobody changed it meanwhile. */
  private async setResult(
    eventId: string,
    id: string,
    by: Actor,
    at: number,
    decide: (before: Result | null) => Promise<Result | null | 'missing'>,
  ): Promise<ResultChange> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const raw = await this.redis.client.hget(resultsKey(eventId), id);
      const before = raw === null ? null : (JSON.parse(raw) as Result);
      const after = await decide(before);
      if (after === 'missing') return { kind: 'missing' };
      if (after === null) return { kind: 'unchanged' };
      const action = after.status === 'void' ? 'void' : before ? 'amend' : 'create';
      const audit: AuditEntry = { at, by, action, resultId: id, before, after };
      const keys = [resultsKey(eventId), metaKey(eventId), seqKey(eventId), auditKey(eventId)];
      const args = [id, raw ?? '', JSON.stringify(after), JSON.stringify(audit)];
      const [seq, version] = await this.redis.run(SET_RESULT, keys, args);
      if (seq !== -2) return { kind: 'changed', seq: seq ?? 0, version: version ?? 0, before, after };
    }
    throw new Error(`Result ${id} keeps changing`);
  }

  async state(eventId: string): Promise<CrashState> {
    // One MULTI: entries, results and the freeze as of one instant, never split by a write.
    const [entries, results, meta] = await this.redis.atomically<[string[], string[], (string | null)[]]>((m) =>
      m.hvals(entriesKey(eventId)).hvals(resultsKey(eventId)).hmget(metaKey(eventId), 'version', 'frozen'),
    );
    return {
      entries: entries.map((e) => JSON.parse(e) as Entry),
      results: results.map((r) => JSON.parse(r) as Result),
      version: Number(meta[0] ?? 0),
      frozen: meta[1] ? (JSON.parse(meta[1]) as Board) : null,
    };
  }

  async version(eventId: string): Promise<number> {
    return Number((await this.redis.client.hget(metaKey(eventId), 'version')) ?? 0);
  }

  async freeze(eventId: string, board: Board, version: number): Promise<Change | { kind: 'stale' }> {
    const [seq, next] = await this.redis.run(
      FREEZE,
      [metaKey(eventId), seqKey(eventId)],
      [JSON.stringify(board), version],
    );
    if (seq === -2) return { kind: 'stale' };
    return seq === 0 ? { kind: 'unchanged' } : { kind: 'changed', seq: seq ?? 0, version: next ?? 0 };
  }

  async unfreeze(eventId: string): Promise<Change> {
    const [seq, version] = await this.redis.run(UNFREEZE, [metaKey(eventId), seqKey(eventId)], []);
    return seq === 0 ? { kind: 'unchanged' } : { kind: 'changed', seq: seq ?? 0, version: version ?? 0 };
  }

  async audit(eventId: string, resultId?: string): Promise<AuditEntry[]> {
    const all = (await this.redis.client.lrange(auditKey(eventId), 0, -1)).map((a) => JSON.parse(a) as AuditEntry);
    return resultId === undefined ? all : all.filter((a) => a.resultId === resultId);
  }

  async award(eventId: string, pollId: string, winners: string[], points: number): Promise<void> {
    const keys = [pointsKey(eventId), awardedKey(eventId), versionsKey(eventId)];
    await this.redis.run(AWARD, keys, [pollId, points, JSON.stringify(winners)]);
  }

  async predictors(eventId: string, top: number): Promise<{ version: number; rows: { id: string; points: number }[] }> {
    const [ranked, version] = await this.redis.atomically<[string[], string | null]>((m) =>
      m.zrange(pointsKey(eventId), '0', String(top - 1), 'WITHSCORES').hget(versionsKey(eventId), 'predictors'),
    );
    const rows: { id: string; points: number }[] = [];
    for (let i = 0; i + 1 < ranked.length && rows.length < top; i += 2)
      rows.push({ id: ranked[i], points: -Number(ranked[i + 1]) });
    return { version: Number(version ?? 0), rows };
  }

  async standing(eventId: string, personId: string): Promise<{ points: number; rank: number } | null> {
    const score = await this.redis.client.zscore(pointsKey(eventId), personId);
    if (score === null) return null;
    const above = await this.redis.client.zcount(pointsKey(eventId), '-inf', `(${score}`);
    return { points: -Number(score), rank: above + 1 };
  }

  async erasePerson(eventId: string, personId: string): Promise<void> {
    await this.redis.run(ERASE, [pointsKey(eventId), awardedKey(eventId), versionsKey(eventId)], [personId]);
  }

  reset(eventId: string): Promise<void> {
    return this.clear(eventId, false);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.clear(eventId, true);
  }

  private async clear(eventId: string, all: boolean): Promise<void> {
    const keys = [
      resultsKey(eventId),
      auditKey(eventId),
      metaKey(eventId),
      pointsKey(eventId),
      awardedKey(eventId),
      entriesKey(eventId),
      versionsKey(eventId),
    ];
    await this.redis.run(CLEAR, keys, [all ? '1' : '0']);
  }
}
