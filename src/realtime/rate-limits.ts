import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { AppError } from './errors.js';

export type Bucket = 'ask' | 'upvote';

/**
 * Flood limits per identity (the person's id within its event), per minute. On Redis they hold
 * across nodes: a person cannot multiply the limit by reconnecting elsewhere.
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<Bucket, RateLimiterAbstract>;

  constructor(config: AppConfig, @Inject(REDIS) redis: RedisConnection | null) {
    const make = (bucket: Bucket, points: number): RateLimiterAbstract =>
      redis
        ? new RateLimiterRedis({ storeClient: redis.client, keyPrefix: `rl:${bucket}`, points, duration: 60 })
        : new RateLimiterMemory({ keyPrefix: `rl:${bucket}`, points, duration: 60 });
    this.limiters = { ask: make('ask', config.QA_ASK_LIMIT), upvote: make('upvote', config.QA_UPVOTE_LIMIT) };
  }

  /** Counts one action; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
  async consume(bucket: Bucket, eventId: string, identityId: string): Promise<void> {
    try {
      await this.limiters[bucket].consume(`${eventId}:${identityId}`);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw new AppError('RATE_LIMITED', 'Too many requests: wait a little', { retryAfterMs: err.msBeforeNext });
    }
  }
}
