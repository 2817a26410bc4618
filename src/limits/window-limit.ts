import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from '../redis/redis-connection.js';
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
