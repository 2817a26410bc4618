import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { FiguresService } from './figures.service.js';
import { HealthController } from './health.controller.js';
import { PRESENCE_STORE, type PresenceStore } from './presence.store.js';
import { MemoryPresenceStore } from './store/memory-presence.store.js';
import { RedisPresenceStore } from './store/redis-presence.store.js';
import { storeProvider } from '../redis/store-provider.js';

@Module({
  imports: [EventsModule],
  controllers: [HealthController],
  providers: [
    storeProvider<PresenceStore>(
      PRESENCE_STORE,
      () => new MemoryPresenceStore(),
      (redis) => new RedisPresenceStore(redis),
    ),
    FiguresService,
  ],
  exports: [FiguresService],
})
export class OpsModule {}
