import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { EVENT_STORE } from './event.store.js';
import { EventsController } from './events.controller.js';
import { EventsGateway } from './events.gateway.js';
import { EventsService } from './events.service.js';
import { SnapshotService } from './snapshot.service.js';
import { MemoryEventStore } from './store/memory-event.store.js';
import { RedisEventStore } from './store/redis-event.store.js';

@Module({
  imports: [AuthModule],
  controllers: [EventsController],
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) =>
        config.embedded || !redis ? new MemoryEventStore() : new RedisEventStore(redis),
    },
    EventsService,
    SnapshotService,
    EventsGateway,
  ],
  exports: [EVENT_STORE, EventsService, SnapshotService, AuthModule],
})
export class EventsModule {}
