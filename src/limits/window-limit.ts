import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LuaScript, type RedisConnection } from '../redis/redis-connection.js';
import { TurnBatch } from '../redis/turn-batch.js';
import { AppError } from '../common/errors.js';

/** `points` per `seconds` per key: in Redis (shared by every node) when there is one, else in memory. */
export function windowLimiter(
  redis: RedisConnection | null,
  keyPrefix: string,
  points: number,
  seconds: number,
): RateLimiterAbstract {
  return redis
    ? new RateLimiterRedis({ storeClient: redis.client, keyPrefix, points, duration: seconds })
    : new RateLimiterMemory({ keyPrefix, points, duration: seconds });
}

/**
 * The same window as a counting function, for an action a crowd does at once (a hall joining from
 * one address): on Redis the calls of one key in one turn are counted by one script
 * (`RedisTurnWindow`), in memory one by one. RATE_LIMITED (with `retryAfterMs`) beyond the limit.
 */
export function windowCounter(
  redis: RedisConnection | null,
  keyPrefix: string,
  points: number,
  seconds: number,
): (key: string) => Promise<void> {
  if (redis) {
    const window = new RedisTurnWindow(redis, keyPrefix, points, seconds);
    return (key) => window.consume(key);
  }
  const limiter = windowLimiter(null, keyPrefix, points, seconds);
  return (key) => consumeOrRefuse(limiter, key);
}

/** The refusal of an action over its limit. */
export function rateLimited(retryAfterMs: number): AppError {
  return new AppError('RATE_LIMITED', 'Too many requests: wait a little', { retryAfterMs });
}

/** Counts one action under `key`; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    throw rateLimited(err.msBeforeNext);
  }
}

/**
 * rate-limiter-flexible's fixed window (RateLimiterRedis' script), by ARGV[1] points at once; then,
 * far from the limit (ARGV[3]), a lease: up to ARGV[4] points more, at most a sixteenth of what is
 * left, counted now for the node to hand out itself until the window ends. Returns the count before
 * the lease, the window's ms left and the points leased.
 */
const INCR_TTL = new LuaScript<[number, number, number]>(`
redis.call('SET', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
local lease = math.min(tonumber(ARGV[4]), math.floor((tonumber(ARGV[3]) - consumed) / 16))
if lease > 0 then
  redis.call('INCRBY', KEYS[1], lease)
else
  lease = 0
end
return {consumed, ttl, lease}`);

/** The most points one script leases to a node (a hall behind one address then costs a script per 33 joins). */
const LEASE_MAX = 32;

/** Points this node was granted in Redis' window and hands out without asking, until `until` (ms, Date.now). */
interface Lease {
  left: number;
  until: number;
}

/**
 * `points` per `seconds` per key in Redis, as RateLimiterRedis keeps them (same key, same window,
 * every call counted, refused or not), with the calls of one key in one turn of the event loop
 * counted by one script: a hall behind one address joining at once costs a script per turn, not
 * per join. The i-th call of a batch is the i-th point counted. Far from the limit, the script
 * also leases the node a few points (already counted in Redis) that later calls take without a
 * script; near the limit it leases none, so the count is exact where it refuses. Across nodes, an
 * address may be refused while others still hold leased points: at most a sixteenth of what was
 * left when each lease was granted.
 */
class RedisTurnWindow {
  private readonly batch: TurnBatch<null, { consumed: number; ttl: number; count: number }>;
  private readonly leases = new Map<string, Lease>();
  /** The map's size at which expired leases are dropped (addresses that joined once and left). */
  private sweepAt = 1024;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
    private readonly points: number,
    private readonly seconds: number,
  ) {
    this.batch = new TurnBatch((calls, key) => this.count(key, calls.length), Infinity);
  }

  /** Counts one call under `key`; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
  async consume(key: string): Promise<void> {
    const full = `${this.keyPrefix}:${key}`;
    const lease = this.leases.get(full);
    if (lease !== undefined) {
      if (lease.left > 0 && Date.now() < lease.until) {
        lease.left--;
        return;
      }
      this.leases.delete(full);
    }
    const { answer, index } = this.batch.place(full, null);
    const { consumed, ttl, count } = await answer;
    if (consumed - count + index + 1 > this.points) throw rateLimited(ttl);
  }

  private async count(key: string, count: number): Promise<{ consumed: number; ttl: number; count: number }> {
    const [consumed, ttl, lease] = await this.redis.eval(
      INCR_TTL,
      [key],
      [count, this.seconds, this.points, LEASE_MAX],
    );
    // A newer lease replaces an older one: what was left of it is only wasted, never counted twice.
    if (lease > 0) {
      this.leases.set(key, { left: Number(lease), until: Date.now() + Number(ttl) });
      if (this.leases.size >= this.sweepAt) this.sweep();
    }
    return { consumed: Number(consumed), ttl: Number(ttl), count };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, lease] of this.leases) if (lease.until <= now) this.leases.delete(key);
    this.sweepAt = Math.max(1024, 2 * this.leases.size);
  }
}
