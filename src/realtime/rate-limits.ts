import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { AppError } from './errors.js';

export type Bucket = 'ask' | 'upvote';

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

/** Counts one action under `key`; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    throw new AppError('RATE_LIMITED', 'Too many requests: wait a little', { retryAfterMs: err.msBeforeNext });
  }
}

/**
 * Flood limits per identity (the person's id within its event), per minute. On Redis they hold
 * across nodes: a person cannot multiply the limit by reconnecting elsewhere.
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<Bucket, RateLimiterAbstract>;

  constructor(config: AppConfig, @Inject(REDIS) redis: RedisConnection | null) {
    this.limiters = {
      ask: windowLimiter(redis, 'rl:ask', config.QA_ASK_LIMIT, 60),
      upvote: windowLimiter(redis, 'rl:upvote', config.QA_UPVOTE_LIMIT, 60),
    };
  }

  /** Counts one action; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
  consume(bucket: Bucket, eventId: string, identityId: string): Promise<void> {
    return consumeOrRefuse(this.limiters[bucket], `${eventId}:${identityId}`);
  }
}
