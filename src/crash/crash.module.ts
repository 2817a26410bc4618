import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { PollsModule } from '../polls/polls.module.js';
import { MemoryEventClock } from '../realtime/event-clock.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { CrashController } from './crash.controller.js';
import { CrashGateway } from './crash.gateway.js';
import { CrashService } from './crash.service.js';
import { CRASH_STORE } from './crash.store.js';
import { MemoryCrashStore } from './store/memory-crash.store.js';
import { RedisCrashStore } from './store/redis-crash.store.js';

@Module({
  imports: [EventsModule, PollsModule],
  controllers: [CrashController],
  providers: [
    {
      provide: CRASH_STORE,
      inject: [AppConfig, REDIS, MemoryEventClock],
      useFactory: (config: AppConfig, redis: RedisConnection | null, clock: MemoryEventClock) =>
        config.embedded || !redis ? new MemoryCrashStore(clock) : new RedisCrashStore(redis),
    },
    CrashService,
    CrashGateway,
  ],
})
export class CrashModule {}
