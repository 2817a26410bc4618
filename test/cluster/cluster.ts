import { Redis } from 'ioredis';
import { RedisCluster } from '../support/redis-cluster.js';
import { freePort, RedisServer } from '../support/redis-server.js';
import { AppNode, buildOnce, Nginx, waitStatus } from './processes.js';

export const ADMIN_KEY = 'cluster-admin-key-0123456789';
export const AUTH_SECRET = 'cluster-auth-secret-0123456789-0123456789';
/** Questions one person may ask per minute: set here, so the tests do not lean on the default. */
export const QA_ASK_LIMIT = 3;

export interface ClusterOptions {
  /** One private redis-server with AOF (the default), or a private Redis Cluster (3 primaries + 3 replicas). */
  redis?: 'server' | 'cluster';
  /** More environment for the node at `index`, once Redis runs (e.g. one that reaches Redis through proxies). */
  nodeEnv?: (index: number, cluster: Cluster) => Promise<Record<string, string>> | Record<string, string>;
}

/** A private redis-server (AOF) or Redis Cluster, `node dist/main.js` processes and nginx in front. */
export class Cluster {
  private constructor(
    private readonly store: RedisServer | RedisCluster,
    readonly nodes: AppNode[],
    private nginxServer: Nginx | null,
  ) {}

  get nginx(): Nginx {
    if (!this.nginxServer) throw new Error('nginx is not running');
    return this.nginxServer;
  }

  /** The one redis-server (not with `redis: 'cluster'`). */
  get redis(): RedisServer {
    if (!(this.store instanceof RedisServer)) throw new Error('the nodes run on a Redis Cluster');
    return this.store;
  }

  /** The Redis Cluster (only with `redis: 'cluster'`). */
  get redisCluster(): RedisCluster {
    if (!(this.store instanceof RedisCluster)) throw new Error('the nodes run on one redis-server');
    return this.store;
  }

  /** `env`: more environment for every node (on top of the cluster's own). */
  static async start(size = 3, env: Record<string, string> = {}, options: ClusterOptions = {}): Promise<Cluster> {
    const store =
      options.redis === 'cluster' ? await RedisCluster.start() : await RedisServer.start({ appendonly: true });
    const cluster = new Cluster(store, [], null);
    try {
      const nodeEnv = {
        ...(store instanceof RedisServer ? { REDIS_URL: store.url } : { REDIS_CLUSTER_NODES: store.seeds }),
        ADMIN_KEY,
        AUTH_SECRET,
        HOST: '127.0.0.1',
        TALLY_INTERVAL_MS: '50',
        // Slower for the audience: the cluster checks run with the audience paced, as on the day.
        AUDIENCE_INTERVAL_MS: '200',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        QA_ASK_LIMIT: String(QA_ASK_LIMIT),
        ...env,
      };
      for (let i = 0; i < size; i++) {
        const own = (await options.nodeEnv?.(i, cluster)) ?? {};
        cluster.nodes.push(new AppNode(`app${i + 1}`, await freePort(), { ...nodeEnv, ...own }));
      }
      // One at a time: two cores, and each start is CPU-bound (Nest bootstrap).
      for (const node of cluster.nodes) await node.start();
      // deploy/nginx.conf names three app servers: with fewer nodes, the first ones stand in again.
      const upstreams = Array.from({ length: Math.max(3, size) }, (_, i) => cluster.nodes[i % size].port);
      cluster.nginxServer = await Nginx.start(upstreams);
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** The node that serves `port` (to read where nginx sent a client). */
  nodeAt(port: number): AppNode {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no node on port ${port}`);
    return node;
  }

  /**
   * Random affinity keys, `perNode` of them leading (through nginx) to each node: asks nginx where
   * each candidate goes (bounded), so a test knows which node serves each nginx client.
   */
  async affinities(perNode: number): Promise<Map<AppNode, string[]>> {
    const found = new Map<AppNode, string[]>(this.nodes.map((n) => [n, []]));
    for (let i = 0; i < 200 * perNode && [...found.values()].some((keys) => keys.length < perNode); i++) {
      const key = Math.random().toString(36).slice(2, 12);
      const keys = found.get(this.nodeAt(await this.nginx.upstreamOf(key)));
      if (keys && keys.length < perNode) keys.push(key);
    }
    if ([...found.values()].some((keys) => keys.length < perNode)) throw new Error('nginx never led to every node');
    return found;
  }

  /** Waits until every running node's /ready answers `status` (bounded). */
  async readyOnAll(status: 200 | 503, timeoutMs = 30_000): Promise<void> {
    await Promise.all(
      this.nodes.filter((n) => n.running).map((n) => waitStatus(`${n.url}/ready`, status, timeoutMs, `${n.id} /ready`)),
    );
  }

  /** The shard channels the nodes' Socket.IO adapters subscribe to (`PUBSUB SHARDCHANNELS`), on every primary. */
  async adapterChannels(): Promise<string[]> {
    return [...(await this.adapterChannelsByPrimary()).values()].flat().sort();
  }

  /**
   * The adapters' shard channels by the port of the primary that carries them: the one redis-server,
   * or every live primary of the Redis Cluster (a node that is down or a replica is left out).
   */
  async adapterChannelsByPrimary(): Promise<Map<number, string[]>> {
    const byPrimary = new Map<number, string[]>();
    const ports = this.store instanceof RedisServer ? [this.store.port] : this.store.ports;
    for (const port of ports) {
      const options = {
        host: '127.0.0.1',
        port,
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      };
      const client = new Redis(options);
      // A killed cluster node refuses (connect() rejects too): it carries nothing.
      client.on('error', () => undefined);
      try {
        await client.connect();
        if (!/^role:master$/m.test(await client.info('replication'))) continue;
        byPrimary.set(port, ((await client.call('PUBSUB', 'SHARDCHANNELS', 'summit#*')) as string[]).sort());
      } catch (err) {
        if (this.store instanceof RedisServer) throw err;
      } finally {
        client.disconnect();
      }
    }
    return byPrimary;
  }

  /** Lines where a node logged an unhandled rejection (main.ts logs them instead of exiting). */
  unhandledRejections(): string[] {
    return this.nodes.flatMap((n) =>
      n
        .log()
        .split('\n')
        .filter((line) => line.includes('Unhandled rejection'))
        .map((line) => `${n.id}: ${line}`),
    );
  }

  /** The output of every process, for a failing test's message. */
  logs(): string {
    const parts = this.nodes.map((n) => `--- ${n.id} (port ${n.port})\n${n.log()}`);
    return [...parts, `--- nginx\n${this.nginxServer?.log ?? ''}`].join('\n');
  }

  async stop(): Promise<void> {
    await this.nginxServer?.stop();
    this.nginxServer = null;
    await Promise.all(this.nodes.map((n) => n.kill('SIGTERM')));
    await this.store.destroy();
  }
}

export interface ClusterHandle {
  readonly cluster: Cluster;
  /** Registers a client to be closed after the test, whatever its outcome; returns it. */
  keep<T extends { close(): void }>(peer: T): T;
}

/**
 * Builds, starts the cluster before the file's tests and stops every process after them; closes
 * the clients each test kept.
 */
export function useCluster(env: Record<string, string> = {}): ClusterHandle {
  return useProcesses(3, env, {});
}

/** As useCluster, on a private Redis Cluster: `size` nodes (default 2), `nodeEnv` for one node's own. */
export function useRedisCluster(
  env: Record<string, string> = {},
  options: { size?: number; nodeEnv?: ClusterOptions['nodeEnv'] } = {},
): ClusterHandle {
  return useProcesses(options.size ?? 2, env, { redis: 'cluster', nodeEnv: options.nodeEnv });
}

function useProcesses(size: number, env: Record<string, string>, options: ClusterOptions): ClusterHandle {
  let cluster: Cluster | null = null;
  const kept: { close(): void }[] = [];
  beforeAll(async () => {
    await buildOnce();
    cluster = await Cluster.start(size, env, options);
  }, 240_000);
  afterEach(() => {
    for (const peer of kept.splice(0)) peer.close();
  });
  afterAll(async () => {
    const running = cluster;
    cluster = null;
    if (!running) return;
    await running.stop();
  }, 60_000);
  return {
    get cluster(): Cluster {
      if (!cluster) throw new Error('the cluster is not started');
      return cluster;
    },
    keep<T extends { close(): void }>(peer: T): T {
      kept.push(peer);
      return peer;
    },
  };
}
