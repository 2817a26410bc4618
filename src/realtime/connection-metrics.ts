import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ROLES } from '../auth/identity.js';
import { Metrics } from '../ops/metrics.js';
import { Presence } from './presence.js';

/** Sockets per role in the node's /metrics, read from Presence at scrape time. */
@Injectable()
export class ConnectionMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly presence: Presence,
  ) {}

  onModuleInit(): void {
    const presence = this.presence;
    new Gauge({
      name: 'summit_connections',
      help: 'Sockets connected to this node, per role (the operator figures sum them over nodes).',
      labelNames: ['role'],
      registers: this.metrics.registers,
      collect(this: Gauge<'role'>) {
        const totals = presence.totals();
        for (const role of ROLES) this.set({ role }, totals[role]);
      },
    });
  }
}
