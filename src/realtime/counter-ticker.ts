import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../ops/metrics.js';
import { Broadcaster } from './broadcaster.js';
import { EVENT_CLOCK, type EventClock } from './event-clock.js';

/** A feature's counters: it owns the counter names starting with `prefix`. */
export interface CounterSource {
  readonly prefix: string;
  /**
   * Sends the current value of counters that moved since this node last sent them. `moved` maps
   * counter name to its new version; `first` is true the first time this node sees the event.
   * May answer the versions it sent, where it read them newer than `moved` says (a change landed
   * between the ticker's read and its own): the next tick then does not send those again.
   */
  flush(eventId: string, moved: Map<string, number>, first: boolean): Promise<ReadonlyMap<string, number> | void>;
}

/**
 * DESIGN principle 3: on every tick, for each event with sockets on this node, read the counter
 * versions (one round trip), and let the owning feature send only what moved, to this node's
 * sockets. Redis work grows with nodes x ticks, not with votes.
 */
@Injectable()
export class CounterTicker implements OnModuleDestroy {
  private readonly logger = new Logger('CounterTicker');
  private readonly sources: CounterSource[] = [];
  /** Events with sockets on this node: connection count. */
  private readonly local = new Map<string, number>();
  /** Last version sent, per event and counter. */
  private readonly sent = new Map<string, Map<string, number>>();
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_CLOCK) private readonly clock: EventClock,
    private readonly metrics: Metrics,
    private readonly broadcaster: Broadcaster,
  ) {}

  register(source: CounterSource): void {
    this.sources.push(source);
    this.schedule();
  }

  track(eventId: string): void {
    this.local.set(eventId, (this.local.get(eventId) ?? 0) + 1);
  }

  untrack(eventId: string): void {
    const left = (this.local.get(eventId) ?? 1) - 1;
    if (left > 0) {
      this.local.set(eventId, left);
      return;
    }
    this.local.delete(eventId);
    this.sent.delete(eventId);
    this.broadcaster.forget(eventId);
  }

  /** One pass over every local event; exposed so tests and shutdown can drive it. */
  async tick(): Promise<void> {
    if (this.local.size === 0) return;
    const started = performance.now();
    let failed = true;
    try {
      await Promise.all([...this.local.keys()].map((eventId) => this.tickOnce(eventId)));
      failed = false;
    } finally {
      this.metrics.tick(started, failed);
    }
  }

  /**
   * The first look at an event sets the baseline of its counters (reactions are sent as deltas
   * from it): take it before a newly connected socket may act, or its first reactions never show.
   */
  async prime(eventId: string): Promise<void> {
    if (!this.sent.has(eventId)) await this.tickOnce(eventId);
  }

  // One pass per event at a time, so a prime and a tick never take two baselines.
  private tickOnce(eventId: string): Promise<void> {
    const running = this.running.get(eventId);
    if (running) return running;
    const pass = this.tickEvent(eventId).finally(() => this.running.delete(eventId));
    this.running.set(eventId, pass);
    return pass;
  }

  private async tickEvent(eventId: string): Promise<void> {
    const versions = await this.clock.versions(eventId);
    const first = !this.sent.has(eventId);
    const sent = this.sent.get(eventId) ?? new Map<string, number>();
    this.broadcaster.tickStarted(eventId);
    try {
      for (const source of this.sources) {
        const moved = new Map<string, number>();
        for (const [counter, version] of Object.entries(versions)) {
          if (counter.startsWith(source.prefix) && version !== sent.get(counter)) moved.set(counter, version);
        }
        if (moved.size === 0 && !first) continue;
        const flushed = await source.flush(eventId, moved, first);
        for (const [counter, version] of moved) sent.set(counter, Math.max(version, flushed?.get(counter) ?? version));
      }
    } finally {
      this.broadcaster.tickEnded(eventId);
    }
    // The event may have lost its last local socket while we read.
    if (this.local.has(eventId)) this.sent.set(eventId, sent);
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick()
        .then(() => {
          if (this.failing) this.logger.log('Counters flow again');
          this.failing = false;
        })
        .catch((err: unknown) => {
          if (!this.failing) this.logger.warn(`Tick failed: ${(err as Error).message}`);
          this.failing = true;
        })
        .finally(() => this.schedule());
    }, this.config.TALLY_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
