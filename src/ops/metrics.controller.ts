import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/openapi.js';
import type { Response } from 'express';
import { Metrics } from './metrics.js';

/** Prometheus scrapes each node directly on the ops network; the public nginx denies this path. */
@ApiTags('ops')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @ApiRoute({
    summary: 'Prometheus metrics of this node',
    description: 'For the ops network: the public nginx answers 403 (docs/operations.md).',
    access: [],
    store: false,
  })
  @ApiOkResponse({
    description: 'Prometheus text format',
    content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
  })
  async scrape(@Res() res: Response): Promise<void> {
    const text = await this.metrics.text();
    res.type(this.metrics.contentType).send(text);
  }
}
