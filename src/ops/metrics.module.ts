import { Global, Module } from '@nestjs/common';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { FigureRecorder } from './figure-recorder.js';
import { FIGURE_STORE, type FigureStore } from './figure.store.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';
import { MemoryFigureStore } from './store/memory-figure.store.js';
import { RedisFigureStore } from './store/redis-figure.store.js';

/**
 * /metrics and the node's registry, and the figures over time of each event; global, so that the
 * broadcaster, the ticker, the command router and the join can record.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    Metrics,
    {
      provide: FIGURE_STORE,
      inject: [REDIS],
      useFactory: (redis: RedisConnection | null): FigureStore =>
        redis ? new RedisFigureStore(redis) : new MemoryFigureStore(),
    },
    FigureRecorder,
  ],
  exports: [Metrics, FIGURE_STORE, FigureRecorder],
})
export class MetricsModule {}
