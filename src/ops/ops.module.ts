import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { FiguresService } from './figures.service.js';
import { HealthController } from './health.controller.js';
import { PRESENCE_STORE } from './presence.store.js';
import { MemoryPresenceStore } from './store/memory-presence.store.js';
import { RedisPresenceStore } from './store/redis-presence.store.js';

@Module({
  imports: [EventsModule],
  controllers: [HealthController],
  providers: [
    {
      provide: PRESENCE_STORE,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) =>
        config.embedded || !redis ? new MemoryPresenceStore() : new RedisPresenceStore(redis),
    },
    FiguresService,
  ],
  exports: [FiguresService],
})
export class OpsModule {}
