import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { AskLimit } from './ask-limit.js';
import { QaController } from './qa.controller.js';
import { QaGateway } from './qa.gateway.js';
import { QaService } from './qa.service.js';
import { QaData } from './qa-data.js';
import { QUESTION_STORE, type QuestionStore } from './question.store.js';
import { MemoryQuestionStore } from './store/memory-question.store.js';
import { RedisQuestionStore } from './store/redis-question.store.js';
import { storeProvider } from '../redis/store-provider.js';

@Module({
  imports: [EventsModule],
  controllers: [QaController],
  providers: [
    storeProvider<QuestionStore>(
      QUESTION_STORE,
      (clock) => new MemoryQuestionStore(clock),
      (redis) => new RedisQuestionStore(redis),
    ),
    AskLimit,
    QaService,
    QaData,
    QaGateway,
  ],
  exports: [QaService],
})
export class QaModule {}
