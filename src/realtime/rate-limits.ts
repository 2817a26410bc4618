import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { evKey } from '../redis/keys.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { AppError } from '../common/errors.js';

export type Bucket = 'ask';

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

/**
 * Flood limits per identity (the person's id within its event), per minute. On Redis they hold
 * across nodes: a person cannot multiply the limit by reconnecting elsewhere. (Upvotes are limited
 * by the question store itself, in the same round trip as the upvote.)
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<Bucket, RateLimiterAbstract>;

  constructor(config: AppConfig, @Inject(REDIS) redis: RedisConnection | null) {
    this.limiters = {
      // No prefix: the key starts with the event's hash tag (see consume).
      ask: windowLimiter(redis, '', config.QA_ASK_LIMIT, 60),
    };
  }

  /** Counts one action; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
  consume(bucket: Bucket, eventId: string, identityId: string): Promise<void> {
    // {ev:X}:rl:ask:<person>: on the event's slot, like every key of the event.
    return consumeOrRefuse(this.limiters[bucket], evKey(eventId, 'rl', bucket, identityId));
  }
}
