import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { Broadcaster } from './broadcaster.js';
import { CounterTicker } from './counter-ticker.js';
import { EVENT_CLOCK, MemoryEventClock, RedisEventClock } from './event-clock.js';
import { InFlight } from './in-flight.js';
import { Presence } from './presence.js';
import { RateLimits } from './rate-limits.js';
import { ShutdownGateway } from './shutdown.gateway.js';
import { ShutdownService } from './shutdown.service.js';

@Global()
@Module({
  providers: [
    Broadcaster,
    CounterTicker,
    MemoryEventClock,
    RateLimits,
    Presence,
    InFlight,
    ShutdownService,
    ShutdownGateway,
    {
      provide: EVENT_CLOCK,
      inject: [AppConfig, REDIS, MemoryEventClock],
      useFactory: (config: AppConfig, redis: RedisConnection | null, memory: MemoryEventClock) =>
        config.embedded || !redis ? memory : new RedisEventClock(redis),
    },
  ],
  exports: [Broadcaster, CounterTicker, MemoryEventClock, EVENT_CLOCK, RateLimits, Presence, InFlight, ShutdownService],
})
export class RealtimeModule {}
