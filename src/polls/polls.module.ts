import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { MemoryEventClock } from '../realtime/event-clock.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { POLL_STORE } from './poll.store.js';
import { PollsController } from './polls.controller.js';
import { PollsGateway } from './polls.gateway.js';
import { PollsService } from './polls.service.js';
import { MemoryPollStore } from './store/memory-poll.store.js';
import { RedisPollStore } from './store/redis-poll.store.js';

@Module({
  imports: [EventsModule],
  controllers: [PollsController],
  providers: [
    {
      provide: POLL_STORE,
      inject: [AppConfig, REDIS, MemoryEventClock],
      useFactory: (config: AppConfig, redis: RedisConnection | null, clock: MemoryEventClock) =>
        config.embedded || !redis ? new MemoryPollStore(clock) : new RedisPollStore(redis),
    },
    PollsService,
    PollsGateway,
  ],
  exports: [PollsService],
})
export class PollsModule {}
