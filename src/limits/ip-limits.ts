import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { windowCounter } from './window-limit.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { AppError } from '../common/errors.js';

/** How soon a client refused for too many sockets may try again (one of its sockets may close). */
const SOCKETS_RETRY_MS = 5000;

/**
 * Limits per client address. Joins per minute: in Redis, so they hold across nodes (one script per
 * address and turn of the event loop, never on the hot path). Open sockets: counted on this node
 * only, as a socket lives on one node; across N nodes an address may hold up to N times
 * SOCKETS_PER_IP.
 */
@Injectable()
export class IpLimits {
  /** Counts one join of an address; RATE_LIMITED beyond the limit. */
  private readonly countJoin: (address: string) => Promise<void>;
  private readonly sockets = new Map<string, number>();
  readonly socketCap: number;
  joinsRefused = 0;
  socketsRefused = 0;

  constructor(config: AppConfig, @Inject(REDIS) redis: RedisConnection | null) {
    this.countJoin = windowCounter(redis, 'rl:join-ip', config.JOIN_IP_LIMIT, 60);
    this.socketCap = config.SOCKETS_PER_IP;
  }

  /** Counts one join from this address; RATE_LIMITED beyond JOIN_IP_LIMIT a minute. */
  async join(address: string): Promise<void> {
    try {
      await this.countJoin(address);
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') this.joinsRefused++;
      throw err;
    }
  }

  /** Holds a socket place for the address, or refuses; `release` gives it back. */
  openSocket(address: string): AppError | null {
    const open = this.sockets.get(address) ?? 0;
    if (open >= this.socketCap) {
      this.socketsRefused++;
      return new AppError('RATE_LIMITED', 'Too many connections from this address', {
        retryAfterMs: SOCKETS_RETRY_MS,
      });
    }
    this.sockets.set(address, open + 1);
    return null;
  }

  closeSocket(address: string): void {
    const open = (this.sockets.get(address) ?? 0) - 1;
    if (open > 0) this.sockets.set(address, open);
    else this.sockets.delete(address);
  }

  socketsOf(address: string): number {
    return this.sockets.get(address) ?? 0;
  }
}
