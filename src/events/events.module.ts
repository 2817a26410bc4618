import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EVENT_DIRECTORY } from '../auth/event-directory.js';
import { EVENT_STORE, type EventStore } from './event.store.js';
import { EventsController } from './events.controller.js';
import { EventsGateway } from './events.gateway.js';
import { EventsService } from './events.service.js';
import { SnapshotService } from './snapshot.service.js';
import { MemoryEventStore } from './store/memory-event.store.js';
import { RedisEventStore } from './store/redis-event.store.js';
import { storeProvider } from '../redis/store-provider.js';

@Module({
  imports: [AuthModule],
  controllers: [EventsController],
  providers: [
    storeProvider<EventStore>(
      EVENT_STORE,
      () => new MemoryEventStore(),
      (redis) => new RedisEventStore(redis),
    ),
    { provide: EVENT_DIRECTORY, useExisting: EVENT_STORE },
    EventsService,
    SnapshotService,
    EventsGateway,
  ],
  exports: [EVENT_STORE, EVENT_DIRECTORY, EventsService, SnapshotService, AuthModule],
})
export class EventsModule {}
