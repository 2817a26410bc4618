import { Inject, Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { consumeOrRefuse, windowLimiter } from '../limits/window-limit.js';
import { evKey } from '../redis/keys.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';

/**
 * QA_ASK_LIMIT questions per person per minute. On Redis it holds across nodes: a person cannot
 * multiply it by reconnecting elsewhere. (Upvotes are limited by the question store itself, in the
 * same round trip as the upvote.)
 */
@Injectable()
export class AskLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(config: AppConfig, @Inject(REDIS) redis: RedisConnection | null) {
    // No prefix: the key starts with the event's hash tag, on the event's slot like all its keys.
    this.limiter = windowLimiter(redis, '', config.QA_ASK_LIMIT, 60);
  }

  /** Counts one question; RATE_LIMITED (with `retryAfterMs`) beyond the limit. */
  consume(eventId: string, personId: string): Promise<void> {
    return consumeOrRefuse(this.limiter, askLimitKey(eventId, personId));
  }

  /** An erased person: their count (whose key names them) goes at once, not at the window's end. */
  async forget(eventId: string, personId: string): Promise<void> {
    await this.limiter.delete(askLimitKey(eventId, personId));
  }
}

/** The limiter's key of one person: the event's hash tag, so it lives on the event's slot. */
export function askLimitKey(eventId: string, personId: string): string {
  return evKey(eventId, 'rl', 'ask', personId);
}
