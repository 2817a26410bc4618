import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import type { ErrorCode } from '../common/ack.types.js';
import { isCommand } from '../realtime/commands.js';
import { REDIS } from '../redis/redis.module.js';
import { LeanCounter, LeanHistogram, type CounterSeries, type HistogramSeries } from './lean-metrics.js';
import type { RedisConnection } from '../redis/redis-connection.js';

/** How a command ended: acked ok, acked with an error code, or sent without an ack callback. */
export type Outcome = 'ok' | ErrorCode | 'no_ack';
export type BroadcastKind = 'change' | 'counter';

/** Seconds. A vote acks in about a millisecond with a local Redis; beyond a second something is wrong. */
const ACK_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds. One emit to a room costs about 10 us per socket (DESIGN principle 6). */
const EMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

let processMetrics: Registry | null = null;

/**
 * CPU, memory, GC, handles and event-loop lag, once per process: prom-client never stops the
 * event-loop monitor and GC observer it starts, and tests boot several apps in one process.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

interface CommandSeries {
  latency: HistogramSeries | null;
  outcomes: Map<Outcome, CounterSeries>;
}

/**
 * This node's Prometheus metrics, in a registry of its own (several apps share a test process),
 * every series labelled with the node. Recording is O(1) and allocates nothing once a series
 * exists (lean series for commands and HTTP, labelled children kept for the rest). Values that
 * exist anyway (connections, Redis state, admission) are read at scrape time, not tracked twice.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  // Every command and request records these: lean series, no label work per call.
  private readonly commandsTotal: LeanCounter;
  private readonly commandSeconds: LeanHistogram;
  private readonly commands = new Map<string, CommandSeries>();
  private readonly httpTotal: LeanCounter;
  private readonly httpSeconds: LeanHistogram;
  private readonly broadcasts: Record<BroadcastKind, Histogram.Internal<'kind'>>;
  private readonly ticks: Histogram;
  private readonly tickFailures: Counter;

  constructor(config: AppConfig, @Inject(REDIS) redis: RedisConnection | null) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node: config.NODE_ID });
    const shared = processRegistry();
    for (const { name } of shared.getMetricsAsArray()) {
      const metric = shared.getSingleMetric(name);
      if (metric) this.registry.registerMetric(metric);
    }

    this.commandsTotal = new LeanCounter(
      'summit_commands_total',
      'Socket commands by name and outcome: ok, an error code, or no_ack. Unknown names count as "unknown".',
      ['command', 'outcome'],
      registers,
    );
    this.commandSeconds = new LeanHistogram(
      'summit_command_duration_seconds',
      'Time from a command arriving to its ack, refusals included.',
      ['command'],
      ACK_BUCKETS,
      registers,
    );
    this.httpTotal = new LeanCounter(
      'summit_http_requests_total',
      'HTTP requests by method, route pattern ("other": static files, unknown paths) and status.',
      ['method', 'route', 'status'],
      registers,
    );
    this.httpSeconds = new LeanHistogram(
      'summit_http_request_duration_seconds',
      'Time from an HTTP request arriving to its response being sent.',
      ['method', 'route'],
      HTTP_BUCKETS,
      registers,
    );
    const broadcast = new Histogram({
      name: 'summit_broadcast_duration_seconds',
      help: 'Time spent emitting one broadcast: a change of state (to every role) or counters (one tick, one event).',
      labelNames: ['kind'],
      buckets: EMIT_BUCKETS,
      registers,
    });
    this.broadcasts = { change: broadcast.labels('change'), counter: broadcast.labels('counter') };
    this.ticks = new Histogram({
      name: 'summit_tick_duration_seconds',
      help: 'One counter tick over every event with sockets here: read the versions, send what moved.',
      buckets: EMIT_BUCKETS,
      registers,
    });
    this.tickFailures = new Counter({
      name: 'summit_tick_failures_total',
      help: 'Counter ticks that failed (the store did not answer).',
      registers,
    });
    if (redis) this.redisMetrics(redis);
  }

  /**
   * For the metrics another part of the node owns (limits, connections): it makes them with these
   * registers and reads its own state at scrape time, so this file imports none of them.
   */
  get registers(): Registry[] {
    return [this.registry];
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** One command answered (or sent without ack); `seconds` from its arrival to its ack. */
  command(name: string, outcome: Outcome, seconds?: number): void {
    // Names come from clients: anything not in the protocol is one series, not one per name.
    const key = isCommand(name) ? name : 'unknown';
    let series = this.commands.get(key);
    if (!series) this.commands.set(key, (series = { latency: null, outcomes: new Map() }));
    let counter = series.outcomes.get(outcome);
    if (!counter) series.outcomes.set(outcome, (counter = this.commandsTotal.labels(key, outcome)));
    counter.value++;
    if (seconds !== undefined) (series.latency ??= this.commandSeconds.labels(key)).observe(seconds);
  }

  http(method: string, route: string, status: number, seconds: number): void {
    this.httpTotal.labels(method, route, String(status)).value++;
    this.httpSeconds.labels(method, route).observe(seconds);
  }

  /** A broadcast that started at `startedMs` (performance.now()) is emitted. */
  broadcast(kind: BroadcastKind, startedMs: number): void {
    this.broadcasts[kind].observe((performance.now() - startedMs) / 1000);
  }

  tick(startedMs: number, failed: boolean): void {
    this.ticks.observe((performance.now() - startedMs) / 1000);
    if (failed) this.tickFailures.inc();
  }

  private redisMetrics(redis: RedisConnection): void {
    const registers = [this.registry];
    new Gauge({
      name: 'summit_redis_up',
      help: '1 when every Redis connection of the node (commands, adapter pub and sub) is ready, else 0.',
      registers,
      collect(this: Gauge) {
        this.set(redis.ready ? 1 : 0);
      },
    });
    const perConnection = (name: string, help: string, field: 'errors' | 'reconnects'): void => {
      new Counter({
        name,
        help,
        labelNames: ['connection'],
        registers,
        collect(this: Counter<'connection'>) {
          this.reset();
          this.inc({ connection: 'command' }, redis.stats.command[field]);
          this.inc({ connection: 'pubsub' }, redis.stats.pubsub[field]);
        },
      });
    };
    perConnection(
      'summit_redis_errors_total',
      'Redis connection errors (one per failed attempt while Redis is away), by connection.',
      'errors',
    );
    perConnection('summit_redis_reconnects_total', 'Redis connections made ready again after a loss.', 'reconnects');
  }
}
