import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { storeProvider } from '../redis/store-provider.js';
import { QuizController } from './quiz.controller.js';
import { QuizDeadlines } from './quiz-deadlines.js';
import { QuizGateway } from './quiz.gateway.js';
import { QuizService } from './quiz.service.js';
import { QuizData } from './quiz-data.js';
import { QUIZ_STORE, type QuizStore } from './quiz.store.js';
import { MemoryQuizStore } from './store/memory-quiz.store.js';
import { RedisQuizStore } from './store/redis-quiz.store.js';

@Module({
  imports: [EventsModule],
  controllers: [QuizController],
  providers: [
    storeProvider<QuizStore>(
      QUIZ_STORE,
      (clock) => new MemoryQuizStore(clock),
      (redis) => new RedisQuizStore(redis),
    ),
    QuizDeadlines,
    QuizService,
    QuizData,
    QuizGateway,
  ],
  exports: [QuizService],
})
export class QuizModule {}
