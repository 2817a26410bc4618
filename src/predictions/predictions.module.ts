import { Module } from '@nestjs/common';
import { CrashModule } from '../crash/crash.module.js';
import { PollsModule } from '../polls/polls.module.js';
import { PredictionsService } from './predictions.service.js';

/** The prediction game: a room above polls and the crash challenge, joined by their public services. */
@Module({
  imports: [PollsModule, CrashModule],
  providers: [PredictionsService],
})
export class PredictionsModule {}
