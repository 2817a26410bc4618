import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '../ops/metrics.js';
import { Admission } from './admission.js';
import { CommandLimits } from './command-limits.js';
import { IpLimits } from './ip-limits.js';

/** The limits' own series in the node's /metrics: read from their counters at scrape time. */
@Injectable()
export class LimitsMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly admission: Admission,
    private readonly ipLimits: IpLimits,
    private readonly commandLimits: CommandLimits,
  ) {}

  onModuleInit(): void {
    const { admission, ipLimits, commandLimits } = this;
    const registers = this.metrics.registers;
    new Gauge({
      name: 'summit_admission_in_flight',
      help: 'Joins and socket handshakes being answered now (admission control bounds them).',
      labelNames: ['gate'],
      registers,
      collect(this: Gauge<'gate'>) {
        this.set({ gate: 'join' }, admission.joins.inFlight);
        this.set({ gate: 'handshake' }, admission.handshakes.inFlight);
      },
    });
    new Counter({
      name: 'summit_admission_refused_total',
      help: 'Joins (429) and handshakes (RATE_LIMITED) refused by admission control: gate full, or event loop lagging.',
      labelNames: ['reason'],
      registers,
      collect(this: Counter<'reason'>) {
        this.reset();
        this.inc({ reason: 'joins_full' }, admission.joins.refused);
        this.inc({ reason: 'handshakes_full' }, admission.handshakes.refused);
        this.inc({ reason: 'lag' }, admission.lagRefused);
      },
    });
    new Counter({
      name: 'summit_abuse_refused_total',
      help: 'Refused for abuse: joins over the per-address limit, sockets over the per-address cap, flooding sockets dropped.',
      labelNames: ['reason'],
      registers,
      collect(this: Counter<'reason'>) {
        this.reset();
        this.inc({ reason: 'joins_per_ip' }, ipLimits.joinsRefused);
        this.inc({ reason: 'sockets_per_ip' }, ipLimits.socketsRefused);
        this.inc({ reason: 'flood_disconnect' }, commandLimits.kicked);
      },
    });
  }
}
