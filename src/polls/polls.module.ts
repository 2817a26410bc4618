import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { POLL_STORE, type PollStore } from './poll.store.js';
import { PollsController } from './polls.controller.js';
import { PollsGateway } from './polls.gateway.js';
import { PollsService } from './polls.service.js';
import { PollsData } from './polls-data.js';
import { MemoryPollStore } from './store/memory-poll.store.js';
import { RedisPollStore } from './store/redis-poll.store.js';
import { storeProvider } from '../redis/store-provider.js';

@Module({
  imports: [EventsModule],
  controllers: [PollsController],
  providers: [
    storeProvider<PollStore>(
      POLL_STORE,
      (clock) => new MemoryPollStore(clock),
      (redis) => new RedisPollStore(redis),
    ),
    PollsService,
    PollsData,
    PollsGateway,
  ],
  exports: [PollsService],
})
export class PollsModule {}
