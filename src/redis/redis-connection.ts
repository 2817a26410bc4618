import { createHash } from 'node:crypto';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Cluster, Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import type { Durability, RedisTarget } from '../config/app-config.js';
import { AppError } from '../common/errors.js';

/** The node's Redis: one server, or a Redis Cluster (the same commands, routed by slot). */
export type RedisClient = Redis | Cluster;

/** A Lua script run by SHA (loaded again by itself after a restart), answering `T`. */
export class LuaScript<T = unknown> {
  readonly sha: string;
  /** Only for the type: what the script answers. */
  declare readonly reply?: T;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

export interface ConnectionStats {
  errors: number;
  reconnects: number;
}

/** Counts a client's error events (one per failed attempt while Redis is away) and its returns to ready. */
function count(client: RedisClient, stats: ConnectionStats): void {
  let wasReady = client.status === 'ready';
  client.on('error', () => (stats.errors += 1));
  client.on('ready', () => {
    if (wasReady) stats.reconnects += 1;
    wasReady = true;
  });
}

const backOff = (times: number): number => Math.min(100 * times, 2000);

/** How a client behaves: its offline queue, and options of each connection (to one server or to each node). */
export interface ClientOptions {
  offlineQueue: boolean;
  /** Cluster: one subscriber connection per primary, for the shard channels of its slots. */
  shardedSubscribers?: boolean;
  perServer: Pick<RedisOptions, 'commandTimeout' | 'maxRetriesPerRequest'>;
}

/** A client of `target` (one Redis or a cluster) named `name`; it connects on `connect()` or its first command. */
export function createClient(target: RedisTarget, name: string, options: ClientOptions): RedisClient {
  const perServer: RedisOptions = { ...options.perServer, connectionName: name };
  if ('url' in target) {
    return new Redis(target.url, {
      ...perServer,
      lazyConnect: true,
      enableAutoPipelining: true,
      enableOfflineQueue: options.offlineQueue,
      retryStrategy: backOff,
    });
  }
  // Not in ClusterOptions' type, but passed on to each node's connection (ConnectionPool).
  const nodeOptions: RedisOptions = { ...perServer, enableOfflineQueue: options.offlineQueue };
  return new Cluster(target.cluster, {
    lazyConnect: true,
    // Not on a cluster: ioredis groups auto-pipelined commands by node and handles a MOVED per
    // pipeline (ioredis#2075), and keys an EVALSHA by its sha (ioredis#2109); around a failover that
    // failed or stalled commands of other slots. Votes are batched per turn anyway (TurnBatch).
    enableAutoPipelining: false,
    enableOfflineQueue: options.offlineQueue,
    shardedSubscribers: options.shardedSubscribers ?? false,
    natMap: target.natMap,
    clusterRetryStrategy: backOff,
    // While a replica takes over, MOVED/CLUSTERDOWN/TRYAGAIN are retried briefly, then UNAVAILABLE.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    maxRedirections: 8,
    // Follow a failover that no command has run into yet.
    slotsRefreshInterval: 2000,
    // Each node's connection too: ioredis gives them an offline queue by default, where a command
    // routed to a node that is down waits the whole timeout instead of failing (and being retried).
    redisOptions: nodeOptions,
  });
}

/**
 * The node's command connection to Redis: auto-pipelined, failing fast while Redis is away, and
 * (with `durability.minReplicas` > 0) acking a write only once that many replicas hold it.
 */
export class RedisConnection implements OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  /** Reads, and writes when no replica is waited for. */
  readonly client: RedisClient;
  /**
   * Writes that WAIT for replicas: a connection of their own, because Redis holds a waiting
   * client's later commands until WAIT answers (up to the timeout while a replica is away), and
   * reads must not queue behind that.
   */
  private readonly writer: RedisClient;
  /** Per hash tag: until when writes are refused at once, after a WAIT found too few replicas. */
  private readonly unreplicated = new Map<string, number>();
  /** The node's other connections (the Socket.IO adapter's pub and sub): not ready until they are. */
  private readonly companions: RedisClient[] = [];
  private downSince: number | null = null;
  /** Since start, for /metrics: error events and reconnections, of this connection and of the adapter's. */
  readonly stats: Record<'command' | 'pubsub', ConnectionStats> = {
    command: { errors: 0, reconnects: 0 },
    pubsub: { errors: 0, reconnects: 0 },
  };

  constructor(
    readonly target: RedisTarget,
    readonly name: string,
    readonly durability: Durability = { minReplicas: 0, timeoutMs: 200 },
  ) {
    // Fail commands at once while disconnected, and never wait past 3 s: the caller answers UNAVAILABLE.
    const options = { offlineQueue: false, perServer: { commandTimeout: 3000, maxRetriesPerRequest: 1 } };
    this.client = createClient(target, name, options);
    this.writer = durability.minReplicas > 0 ? createClient(target, `${name}:w`, options) : this.client;
    if (this.writer !== this.client) {
      this.writer.on('error', () => undefined); // reported once, by the client's handler below
      count(this.writer, this.stats.command);
    }
    this.client.on('ready', () => {
      if (this.downSince !== null) this.logger.log(`Redis is back after ${Date.now() - this.downSince} ms`);
      this.downSince = null;
    });
    this.client.on('error', (err: Error) => {
      if (this.downSince === null) {
        this.downSince = Date.now();
        this.logger.error(`Redis unreachable: ${err.message}; reconnecting`);
      }
    });
    count(this.client, this.stats.command);
  }

  /** Waits for the first connection; a Redis that is away keeps being retried in the background. */
  async connect(): Promise<void> {
    try {
      await Promise.all([...new Set([this.client, this.writer])].map((c) => c.connect()));
    } catch (err) {
      this.logger.error(`Redis not reachable at start: ${(err as Error).message}`);
    }
  }

  /** Counts `clients` in `ready`: after a Redis restart each connection comes back on its own back-off. */
  watch(...clients: RedisClient[]): void {
    this.companions.push(...clients);
    for (const client of clients) count(client, this.stats.pubsub);
  }

  get ready(): boolean {
    return [this.client, this.writer, ...this.companions].every((c) => c.status === 'ready');
  }

  /**
   * Runs a script that changes state. Its keys share one hash tag (one slot), so on a cluster the
   * script and the WAIT behind it go to the one primary that holds them, in one round trip.
   */
  async run<T>(script: LuaScript<T>, keys: string[], args: (string | number)[]): Promise<T> {
    if (this.durability.minReplicas > 0) {
      return this.write(keys[0], (p, source) =>
        source
          ? p.eval(script.source, keys.length, ...keys, ...args)
          : p.evalsha(script.sha, keys.length, ...keys, ...args),
      ) as Promise<T>;
    }
    return this.eval(script, keys, args);
  }

  /** A script whose effect needs no replica's ack (a limit's counter): auto-pipelined with the turn's commands. */
  async eval<T>(script: LuaScript<T>, keys: string[], args: (string | number)[]): Promise<T> {
    try {
      return (await this.client.evalsha(script.sha, keys.length, ...keys, ...args)) as T;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await this.client.eval(script.source, keys.length, ...keys, ...args)) as T;
    }
  }

  /**
   * One write (commands on keys of one slot, `key` among them), acked when stored: with
   * `minReplicas` it is followed by `WAIT` on the same connection, and fewer replicas than asked
   * within the timeout is UNAVAILABLE (the write may stay; the client sends it again, and every
   * write is idempotent or a replacement). Then, for a moment, writes of the same hash tag are
   * refused at once without being sent: a shard without its replica is not asked again and again,
   * each time holding its writes for the whole timeout. `build(p, true)` is asked again with the
   * script's source after NOSCRIPT.
   */
  async write(key: string, build: (p: ChainableCommander, source: boolean) => ChainableCommander): Promise<unknown> {
    const { minReplicas, timeoutMs } = this.durability;
    const tag = hashTag(key);
    const refusedUntil = this.unreplicated.get(tag);
    if (refusedUntil !== undefined && Date.now() < refusedUntil) throw notReplicated(0, minReplicas);
    for (const source of [false, true]) {
      const pipeline = build(this.writer.pipeline(), source);
      if (minReplicas > 0) pipeline.wait(minReplicas, timeoutMs);
      const out = await pipeline.exec();
      if (!out) throw new Error('Connection is closed (write discarded)');
      const [err, value] = out[0];
      if (err) {
        if (!source && err.message.startsWith('NOSCRIPT')) continue;
        throw err;
      }
      if (minReplicas > 0) {
        const [waitErr, replicas] = out[out.length - 1];
        // A WAIT that failed (the node is no longer a primary, say) confirms no replica either.
        if (waitErr || Number(replicas) < minReplicas) {
          // Once per refusal pause at most: what WAIT said, to tell a replica away from anything else.
          this.logger.warn(`WAIT for {${tag}}: ${waitErr ? waitErr.message : `${String(replicas)} replica(s)`}`);
          this.unreplicated.set(tag, Date.now() + UNREPLICATED_PAUSE_MS);
          throw notReplicated(waitErr ? 0 : Number(replicas), minReplicas);
        }
        this.unreplicated.delete(tag);
      }
      return value;
    }
    throw new Error('unreachable: NOSCRIPT after EVAL');
  }

  /** Reads in one MULTI (one slot), so they see one state; `T` is the tuple of their replies. */
  async atomically<T extends unknown[]>(build: (m: ChainableCommander) => ChainableCommander): Promise<T> {
    const out = await build(this.client.multi()).exec();
    if (!out) throw new Error('Connection is closed (transaction discarded)');
    return out.map(([err, value]) => {
      if (err) throw err;
      return value;
    }) as T;
  }

  async onModuleDestroy(): Promise<void> {
    const open = [...new Set([this.client, this.writer])].filter((c) => c.status !== 'end');
    await Promise.all(open.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** After a write found too few replicas, its hash tag's writes are refused at once this long. */
const UNREPLICATED_PAUSE_MS = 1000;

/** What Redis Cluster hashes of a key: the first non-empty {...}, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

function notReplicated(got: number, wanted: number): AppError {
  return new AppError('UNAVAILABLE', 'The change could not be made durable in time; send it again', {
    replicas: got,
    wanted,
  });
}
