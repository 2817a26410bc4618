import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { MemoryEventClock } from '../realtime/event-clock.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { StageController } from './stage.controller.js';
import { StageGateway } from './stage.gateway.js';
import { StageService } from './stage.service.js';
import { STAGE_STORE } from './stage.store.js';
import { MemoryStageStore } from './store/memory-stage.store.js';
import { RedisStageStore } from './store/redis-stage.store.js';

@Module({
  imports: [EventsModule],
  controllers: [StageController],
  providers: [
    {
      provide: STAGE_STORE,
      inject: [AppConfig, REDIS, MemoryEventClock],
      useFactory: (config: AppConfig, redis: RedisConnection | null, clock: MemoryEventClock) =>
        config.embedded || !redis ? new MemoryStageStore(clock) : new RedisStageStore(redis),
    },
    StageService,
    StageGateway,
  ],
})
export class StageModule {}
