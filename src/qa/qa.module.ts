import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { MemoryEventClock } from '../realtime/event-clock.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { QaController } from './qa.controller.js';
import { QaGateway } from './qa.gateway.js';
import { QaService } from './qa.service.js';
import { QUESTION_STORE } from './question.store.js';
import { MemoryQuestionStore } from './store/memory-question.store.js';
import { RedisQuestionStore } from './store/redis-question.store.js';

@Module({
  imports: [EventsModule],
  controllers: [QaController],
  providers: [
    {
      provide: QUESTION_STORE,
      inject: [AppConfig, REDIS, MemoryEventClock],
      useFactory: (config: AppConfig, redis: RedisConnection | null, clock: MemoryEventClock) =>
        config.embedded || !redis ? new MemoryQuestionStore(clock) : new RedisQuestionStore(redis),
    },
    QaService,
    QaGateway,
  ],
  exports: [QaService],
})
export class QaModule {}
