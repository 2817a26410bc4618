import { Module, type DynamicModule } from '@nestjs/common';
import { CommonModule } from './common/common.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CrashModule } from './crash/crash.module.js';
import { EventsModule } from './events/events.module.js';
import { LimitsModule } from './limits/limits.module.js';
import { MetricsModule } from './ops/metrics.module.js';
import { OpsModule } from './ops/ops.module.js';
import { PollsModule } from './polls/polls.module.js';
import { PredictionsModule } from './predictions/predictions.module.js';
import { QaModule } from './qa/qa.module.js';
import { QuizModule } from './quiz/quiz.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { StageModule } from './stage/stage.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        RedisModule,
        RealtimeModule,
        LimitsModule,
        MetricsModule,
        EventsModule,
        PollsModule,
        QaModule,
        CrashModule,
        PredictionsModule,
        QuizModule,
        StageModule,
        OpsModule,
        WebModule,
      ],
    };
  }
}
