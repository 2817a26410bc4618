import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EVENT_DIRECTORY } from '../auth/event-directory.js';
import { EventDataController } from './event-data.controller.js';
import { EventData } from './event-data.js';
import { EventLifecycle } from './event-lifecycle.service.js';
import { EventReportService } from './event-report.service.js';
import { EventSignals } from './event-signals.js';
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
  controllers: [EventsController, EventDataController],
  providers: [
    storeProvider<EventStore>(
      EVENT_STORE,
      (clock) => new MemoryEventStore(clock),
      (redis) => new RedisEventStore(redis),
    ),
    { provide: EVENT_DIRECTORY, useExisting: EVENT_STORE },
    EventsService,
    SnapshotService,
    EventData,
    EventSignals,
    EventLifecycle,
    EventReportService,
    EventsGateway,
  ],
  exports: [EVENT_STORE, EVENT_DIRECTORY, EventsService, SnapshotService, EventData, EventLifecycle, AuthModule],
})
export class EventsModule {}
