import type { FactoryProvider } from '@nestjs/common';
import { MemoryEventClock } from '../realtime/event-clock.js';
import { REDIS } from './redis.module.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * The provider of a store port: the Redis adapter when the node has Redis (one server or a
 * cluster), else the in-memory one, which raises seq and versions on the node's MemoryEventClock.
 */
export function storeProvider<S>(
  token: symbol,
  memory: (clock: MemoryEventClock) => S,
  redis: (connection: RedisConnection) => S,
): FactoryProvider<S> {
  return {
    provide: token,
    inject: [REDIS, MemoryEventClock],
    useFactory: (connection: RedisConnection | null, clock: MemoryEventClock) =>
      connection ? redis(connection) : memory(clock),
  };
}
