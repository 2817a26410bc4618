import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { AppConfig } from '../config/app-config.js';
import { AppError, type Ack } from '../common/errors.js';
import type { AppSocket } from '../realtime/protocol.js';
import { TokenBuckets, type Bucket } from './token-buckets.js';

/** Commands that build a whole snapshot: a second, smaller budget on top of the general one. */
const SNAPSHOTS = new Set(['state:sync']);
const SWEEP_MS = 60_000;
/**
 * A socket that goes on sending this many commands in a row after being told RATE_LIMITED ignores
 * it: it is disconnected, and its person's handshakes are refused for BENCH_MS, so that the flood
 * costs a new connection each time rather than a refused packet. Our clients never come near it.
 */
export const KICK_AFTER = 100;
export const BENCH_MS = 10_000;

/** A socket's identity is one object for its life: its key is built (and hashed) once, not per packet. */
const keys = new WeakMap<Identity, string>();
function personKey(identity: Identity): string {
  let key = keys.get(identity);
  if (key === undefined) keys.set(identity, (key = `${identity.eventId}:${identity.id}`));
  return key;
}

/**
 * Flood limits per audience member on every command, in process: a token bucket per person per
 * node, so that the hot path (vote, upvote, reaction) keeps its one Redis round trip. A person has
 * a few sockets, which a load balancer spreads over at most every node: across the cluster the
 * budget is at most COMMAND_RATE times the nodes, still a bound. The Redis-backed limits for asks
 * and upvotes (qa's AskLimit, the upvote script) come on top and hold cluster-wide. Operators and screens are staff,
 * with tokens from the admin: not limited.
 */
@Injectable()
export class CommandLimits implements OnModuleDestroy {
  private readonly commands: TokenBuckets;
  private readonly snapshots: TokenBuckets;
  /** People whose socket was disconnected for flooding: until when their handshakes are refused. */
  private readonly benched = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  /** Refused commands by name, since start. */
  readonly refused = new Map<string, number>();
  kicked = 0;
  /** The clock the buckets refill by (tests stop it). */
  now: () => number = Date.now;

  constructor(config: AppConfig) {
    this.commands = new TokenBuckets(config.COMMAND_BURST, config.COMMAND_RATE);
    this.snapshots = new TokenBuckets(config.SYNC_LIMIT, config.SYNC_LIMIT / 60);
    this.timer = setInterval(() => this.sweep(this.now()), SWEEP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** 0 when this identity may run the command now, else the ms to wait (nothing is counted then). */
  wait(identity: Identity, command: string, data?: AppSocket['data']): number {
    if (identity.role !== 'audience') return 0;
    const now = this.now();
    const wait =
      (SNAPSHOTS.has(command) ? this.snapshots.take(personKey(identity), now) : 0) ||
      this.commands.takeFrom(this.bucketOf(identity, now, data), now);
    if (wait > 0) this.refused.set(command, (this.refused.get(command) ?? 0) + 1);
    return wait;
  }

  /** Throws RATE_LIMITED when the identity may not run the command now (HTTP routes). */
  check(identity: Identity, command: string): void {
    const wait = this.wait(identity, command);
    if (wait > 0) throw limited(wait);
  }

  /** The ms this person's handshakes are still refused after a flood, or 0. */
  benchedFor(identity: Identity): number {
    const until = this.benched.get(personKey(identity));
    return until === undefined ? 0 : Math.max(0, until - this.now());
  }

  /**
   * Every packet of a socket, before any validation or store work (CommandRouter): the refusal to
   * answer when the command is over the person's budget, else null. A socket that keeps on after
   * KICK_AFTER refusals in a row is disconnected.
   */
  refuse(socket: AppSocket, command: string): Ack<never> | null {
    const data = socket.data;
    const wait = this.wait(data.identity, command, data);
    if (wait === 0) {
      if (data.refusedInRow) data.refusedInRow = 0;
      return null;
    }
    const streak = (data.refusedInRow ?? 0) + 1;
    data.refusedInRow = streak;
    if (streak >= KICK_AFTER) {
      data.refusedInRow = 0;
      this.kicked++;
      this.benched.set(personKey(data.identity), this.now() + BENCH_MS);
      // After the refusal is answered (the caller answers it), not before.
      queueMicrotask(() => socket.disconnect(true));
    }
    return { ok: false, error: limited(wait).toBody() };
  }

  /** The person's bucket of commands; a socket's data keeps it, so that its packets find it at hand. */
  private bucketOf(identity: Identity, now: number, data?: AppSocket['data']): Bucket {
    const held = data?.bucket;
    if (held && !held.swept) return held;
    const bucket = this.commands.bucket(personKey(identity), now);
    if (data) data.bucket = bucket;
    return bucket;
  }

  private sweep(now: number): void {
    this.commands.sweep(now);
    this.snapshots.sweep(now);
    for (const [key, until] of this.benched) if (until <= now) this.benched.delete(key);
  }
}

export function limited(retryAfterMs: number): AppError {
  return new AppError('RATE_LIMITED', 'Too many requests: wait a little', { retryAfterMs });
}
