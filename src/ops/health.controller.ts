import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/openapi.js';
import { EVENT_STORE, type EventStore } from '../events/event.store.js';
import { AppError } from '../common/errors.js';
import { ShutdownService } from '../realtime/shutdown.service.js';
import { REDIS } from '../redis/redis.module.js';
import type { RedisConnection } from '../redis/redis-connection.js';

@ApiTags('ops')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: RedisConnection | null,
    private readonly shutdown: ShutdownService,
  ) {}

  /** 200 while the process runs. */
  @Get('health')
  @ApiRoute({ summary: 'Liveness: 200 while the process runs', access: [], store: false })
  @ApiOkResponse({
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] },
  })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 when the store answers and every Redis connection of the node (the adapter's pub and sub
   * too) is up, else 503 UNAVAILABLE: the load balancer stops sending clients here. 503 at once
   * too when the node is shutting down.
   */
  @Get('ready')
  @ApiRoute({
    summary: 'Readiness: the store and every Redis connection answer',
    description:
      'The load balancer stops sending clients to a node that answers 503 (at once when it is shutting down).',
    access: [],
  })
  @ApiOkResponse({
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ready'] } }, required: ['status'] },
  })
  async ready(): Promise<{ status: 'ready' }> {
    if (this.shutdown.draining) throw new AppError('UNAVAILABLE', 'This node is shutting down');
    try {
      await this.store.ping();
    } catch {
      throw new AppError('UNAVAILABLE', 'The store does not answer');
    }
    if (this.redis && !this.redis.ready) throw new AppError('UNAVAILABLE', 'A Redis connection is still reconnecting');
    return { status: 'ready' };
  }
}
