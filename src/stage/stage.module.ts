import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { StageController } from './stage.controller.js';
import { StageGateway } from './stage.gateway.js';
import { StageService } from './stage.service.js';
import { StageData } from './stage-data.js';
import { STAGE_STORE, type StageStore } from './stage.store.js';
import { MemoryStageStore } from './store/memory-stage.store.js';
import { RedisStageStore } from './store/redis-stage.store.js';
import { storeProvider } from '../redis/store-provider.js';

@Module({
  imports: [EventsModule],
  controllers: [StageController],
  providers: [
    storeProvider<StageStore>(
      STAGE_STORE,
      (clock) => new MemoryStageStore(clock),
      (redis) => new RedisStageStore(redis),
    ),
    StageService,
    StageData,
    StageGateway,
  ],
})
export class StageModule {}
