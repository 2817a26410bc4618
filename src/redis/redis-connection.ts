import { createHash } from 'node:crypto';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

/** A Lua script run by SHA, loaded again by itself after a Redis restart (NOSCRIPT). */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

export interface ConnectionStats {
  errors: number;
  reconnects: number;
}

/** Counts a client's error events (one per failed attempt while Redis is away) and its returns to ready. */
function count(client: Redis, stats: ConnectionStats): void {
  let wasReady = client.status === 'ready';
  client.on('error', () => (stats.errors += 1));
  client.on('ready', () => {
    if (wasReady) stats.reconnects += 1;
    wasReady = true;
  });
}

/** The node's command connection to Redis: auto-pipelined, failing fast while Redis is away. */
export class RedisConnection implements OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;
  /** The node's other connections (the Socket.IO adapter's pub and sub): not ready until they are. */
  private readonly companions: Redis[] = [];
  private downSince: number | null = null;
  /** Since start, for /metrics: error events and reconnections, of this connection and of the adapter's. */
  readonly stats: Record<'command' | 'pubsub', ConnectionStats> = {
    command: { errors: 0, reconnects: 0 },
    pubsub: { errors: 0, reconnects: 0 },
  };

  constructor(url: string, name: string) {
    this.client = new Redis(url, {
      connectionName: name,
      lazyConnect: true,
      enableAutoPipelining: true,
      // Fail commands at once while disconnected: the caller answers UNAVAILABLE, never waits.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 3000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
    });
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
      await this.client.connect();
    } catch (err) {
      this.logger.error(`Redis not reachable at start: ${(err as Error).message}`);
    }
  }

  /** Counts `clients` in `ready`: after a Redis restart each connection comes back on its own back-off. */
  watch(...clients: Redis[]): void {
    this.companions.push(...clients);
    for (const client of clients) count(client, this.stats.pubsub);
  }

  get ready(): boolean {
    return this.client.status === 'ready' && this.companions.every((c) => c.status === 'ready');
  }

  async run(script: LuaScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.client.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.client.eval(script.source, keys.length, ...keys, ...args);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
