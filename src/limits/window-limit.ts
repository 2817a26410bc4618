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

/** rate-limiter-flexible's fixed window (RateLimiterRedis' script), by ARGV[1] points at once. */
const INCR_TTL = new LuaScript<[number, number]>(`
redis.call('SET', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
return {consumed, ttl}`);

/** One call's place in its turn's batch (set when the batch is sent). */
interface Place {
  index: number;
}

/**
 * `points` per `seconds` per key in Redis, as RateLimiterRedis keeps them (same key, same window,
 * every call counted, refused or not), with the calls of one key in one turn of the event loop
 * counted by one script: a hall behind one address joining at once costs a script per turn, not
 * per join. The i-th call of a batch is the i-th point counted.
 */
class RedisTurnWindow {
  private readonly batch: TurnBatch<Place, { consumed: number; ttl: number; count: number }>;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
    private readonly points: number,
    private readonly seconds: number,
  ) {
    this.batch = new TurnBatch((places, key) => this.count(key, places), Infinity);
  }

  /** Counts one call under `key`; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
  async consume(key: string): Promise<void> {
    const place: Place = { index: 0 };
    const { consumed, ttl, count } = await this.batch.add(`${this.keyPrefix}:${key}`, place);
    if (consumed - count + place.index + 1 > this.points) throw rateLimited(ttl);
  }

  private async count(key: string, places: Place[]): Promise<{ consumed: number; ttl: number; count: number }> {
    places.forEach((place, i) => (place.index = i));
    const [consumed, ttl] = await this.redis.eval(INCR_TTL, [key], [places.length, this.seconds]);
    return { consumed: Number(consumed), ttl: Number(ttl), count: places.length };
  }
}
