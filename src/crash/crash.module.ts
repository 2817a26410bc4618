import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { CrashController } from './crash.controller.js';
import { CrashGateway } from './crash.gateway.js';
import { CrashService } from './crash.service.js';
import { CrashData } from './crash-data.js';
import { CRASH_STORE, type CrashStore } from './crash.store.js';
import { MemoryCrashStore } from './store/memory-crash.store.js';
import { RedisCrashStore } from './store/redis-crash.store.js';
import { storeProvider } from '../redis/store-provider.js';

@Module({
  imports: [EventsModule],
  controllers: [CrashController],
  providers: [
    storeProvider<CrashStore>(
      CRASH_STORE,
      (clock) => new MemoryCrashStore(clock),
      (redis) => new RedisCrashStore(redis),
    ),
    CrashService,
    CrashData,
    CrashGateway,
  ],
  exports: [CrashService],
})
export class CrashModule {}
