import { ROLES } from '../../auth/identity.js';
import type { MinuteFigures } from '../../events/report.types.js';
import { evKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import { emptyMinute, type FigureStore } from '../figure.store.js';
import { COUNT_NAMES, type MinuteDelta } from '../figure.types.js';

// {ev:X}:min:<minute>: hash of the minute's figures (counts, `c:<role>` peaks, `active` once folded).
const minuteKey = (e: string, m: number | string): string => evKey(e, 'min', String(m));
// {ev:X}:act:<minute>: set of the keyed digests of people active in the minute, till folded.
const activeKey = (e: string, m: number | string): string => evKey(e, 'act', String(m));
// {ev:X}:minutes: zset of every minute with figures; {ev:X}:unfolded: minutes that still have a set.
const indexKey = (e: string): string => evKey(e, 'minutes');
const unfoldedKey = (e: string): string => evKey(e, 'unfolded');
const CHUNK = 200;

/** KEYS: the unfolded index, then a minute's hash and set, pairwise; ARGV: the minutes. */
const FOLD = new LuaScript<number>(`
for i = 1, #ARGV do
  local n = redis.call('SCARD', KEYS[2 * i + 1])
  if n > 0 then
    redis.call('HSET', KEYS[2 * i], 'active', n)
    redis.call('DEL', KEYS[2 * i + 1])
  end
  redis.call('ZREM', KEYS[1], ARGV[i])
end
return #ARGV
`);

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export class RedisFigureStore implements FigureStore {
  constructor(private readonly redis: RedisConnection) {}

  async add(eventId: string, deltas: MinuteDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    // One transaction per event and flush: a few HINCRBYs per minute, whatever the votes.
    await this.redis.atomically((m) => {
      for (const d of deltas) {
        const key = minuteKey(eventId, d.minute);
        for (const name of COUNT_NAMES) if (d.counts[name]) m.hincrby(key, name, d.counts[name]);
        for (const role of ROLES) if (d.connected[role]) m.hincrby(key, `c:${role}`, d.connected[role]);
        if (d.active.length > 0) {
          m.sadd(activeKey(eventId, d.minute), ...d.active);
          m.zadd(unfoldedKey(eventId), d.minute, String(d.minute));
        }
        m.zadd(indexKey(eventId), d.minute, String(d.minute));
      }
      return m;
    });
  }

  async timeline(eventId: string): Promise<MinuteFigures[]> {
    const minutes = await this.redis.client.zrange(indexKey(eventId), '0', '-1');
    const out: MinuteFigures[] = [];
    for (const part of chunks(minutes)) {
      const replies = await this.redis.atomically<(Record<string, string> | number)[]>((m) => {
        for (const minute of part) m.hgetall(minuteKey(eventId, minute)).scard(activeKey(eventId, minute));
        return m;
      });
      part.forEach((minute, i) => {
        const hash = replies[2 * i] as Record<string, string>;
        const unfolded = replies[2 * i + 1] as number;
        const f = emptyMinute(Number(minute));
        for (const name of COUNT_NAMES) f[name] = Number(hash[name] ?? 0);
        for (const role of ROLES) f.connected[role] = Number(hash[`c:${role}`] ?? 0);
        f.active = unfolded > 0 ? unfolded : Number(hash.active ?? 0);
        out.push(f);
      });
    }
    return out;
  }

  async fold(eventId: string, before: number): Promise<void> {
    const minutes = await this.redis.client.zrangebyscore(unfoldedKey(eventId), '-inf', `(${before}`);
    for (const part of chunks(minutes)) {
      const keys = [unfoldedKey(eventId), ...part.flatMap((m) => [minuteKey(eventId, m), activeKey(eventId, m)])];
      await this.redis.run(FOLD, keys, part);
    }
  }

  async clear(eventId: string): Promise<void> {
    const minutes = await this.redis.client.zrange(indexKey(eventId), '0', '-1');
    for (const part of chunks(minutes)) {
      await this.redis.client.del(...part.flatMap((m) => [minuteKey(eventId, m), activeKey(eventId, m)]));
    }
    await this.redis.client.del(indexKey(eventId), unfoldedKey(eventId));
  }
}
