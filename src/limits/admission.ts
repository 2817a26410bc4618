import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AppError } from '../common/errors.js';

/** Refused clients come back after 1 to 5 s, spread so that they do not return as one wave. */
const RETRY_MIN_MS = 1000;
const RETRY_SPREAD_MS = 4000;

/** A bound on work in progress: what enters beyond it is refused, not queued. */
export class Gate {
  inFlight = 0;
  refused = 0;

  constructor(readonly max: number) {}

  enter(): boolean {
    if (this.inFlight >= this.max) {
      this.refused++;
      return false;
    }
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}

/** Event-loop delay over the last second: how long anything this node is asked waits to start. */
export class LoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private readonly timer: NodeJS.Timeout;
  /** The 90th percentile of the last second, in ms. */
  p90Ms = 0;

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.p90Ms = this.histogram.count > 0 ? this.histogram.percentile(90) / 1e6 : 0;
      this.histogram.reset();
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}

/**
 * Admission control: a join or a socket handshake beyond what this node can take now is refused
 * at once with RATE_LIMITED and a jittered retry time (HTTP 429 with Retry-After), rather than
 * queued behind the others, slowing everyone. "Can take": fewer than the configured number in
 * flight, and the event loop not lagging beyond ADMISSION_LAG_MS.
 */
@Injectable()
export class Admission implements OnModuleDestroy {
  readonly joins: Gate;
  readonly handshakes: Gate;
  readonly lag = new LoopLag();
  /** Refusals because of the lag (the gates count their own). */
  lagRefused = 0;

  constructor(private readonly config: AppConfig) {
    this.joins = new Gate(config.JOINS_IN_FLIGHT);
    this.handshakes = new Gate(config.HANDSHAKES_IN_FLIGHT);
  }

  onModuleDestroy(): void {
    this.lag.stop();
  }

  get overloaded(): boolean {
    return this.config.ADMISSION_LAG_MS > 0 && this.lag.p90Ms > this.config.ADMISSION_LAG_MS;
  }

  /** Enters the gate, or says why not (the error to answer with). */
  enter(gate: Gate): AppError | null {
    if (this.overloaded) {
      this.lagRefused++;
      return refusal('This server is busy: try again in a moment');
    }
    return gate.enter() ? null : refusal('Too many people are joining right now: try again in a moment');
  }
}

/** RATE_LIMITED with a retry time from 1 to 5 s, jittered. */
export function refusal(message: string): AppError {
  const retryAfterMs = RETRY_MIN_MS + Math.round(Math.random() * RETRY_SPREAD_MS);
  return new AppError('RATE_LIMITED', message, { retryAfterMs });
}
