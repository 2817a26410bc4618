import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Broadcaster } from './broadcaster.js';
import { CommandRouter } from './command-router.js';
import { ConnectionMetrics } from './connection-metrics.js';
import { CounterTicker } from './counter-ticker.js';
import { EVENT_CLOCK, MemoryEventClock, RedisEventClock, type EventClock } from './event-clock.js';
import { InFlight } from './in-flight.js';
import { Presence } from './presence.js';
import { ShutdownService } from './shutdown.service.js';
import { storeProvider } from '../redis/store-provider.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    Broadcaster,
    CommandRouter,
    CounterTicker,
    MemoryEventClock,
    Presence,
    ConnectionMetrics,
    InFlight,
    ShutdownService,
    storeProvider<EventClock>(
      EVENT_CLOCK,
      (clock) => clock,
      (redis) => new RedisEventClock(redis),
    ),
  ],
  exports: [
    Broadcaster,
    CommandRouter,
    CounterTicker,
    MemoryEventClock,
    EVENT_CLOCK,
    Presence,
    InFlight,
    ShutdownService,
  ],
})
export class RealtimeModule {}
