import { Logger } from '@nestjs/common';
import { MemoryEventClock, RedisEventClock, type EventClock } from '../../src/realtime/event-clock.js';
import { toAppError } from '../../src/common/errors.js';
import type { RedisTarget } from '../../src/config/app-config.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { RedisServer } from '../support/redis-server.js';

// The outage tests make RedisConnection log on purpose; keep the test output readable.
Logger.overrideLogger(false);

let counter = 0;

/** A fresh event id per test, so no two tests share state on either backend. */
export function freshEventId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** One private redis-server for the whole file: started before its tests, destroyed after. */
export function privateRedisServer(): () => RedisServer {
  let server: RedisServer | null = null;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.destroy();
  });
  return () => {
    if (!server) throw new Error('the private redis-server is not running');
    return server;
  };
}

/** One private Redis Cluster (3 primaries + 3 replicas) for the whole file. */
export function privateRedisCluster(): () => RedisCluster {
  let cluster: RedisCluster | null = null;
  beforeAll(async () => {
    cluster = await RedisCluster.start();
  }, 120_000);
  afterAll(async () => {
    await cluster?.destroy();
  }, 60_000);
  return () => {
    if (!cluster) throw new Error('the private Redis Cluster is not running');
    return cluster;
  };
}

/** A store under test, with the clock that reads the seq and versions it raises. */
export interface Subject<S> {
  store: S;
  clock: EventClock;
  close(): Promise<void>;
}

/**
 * The adapters of one port, for `describe.each`: memory, Redis on the private server, and Redis
 * on the private cluster, where every write also waits for a replica (REDIS_MIN_REPLICAS=1).
 */
function allBackends<S>(
  server: () => RedisServer,
  cluster: () => RedisCluster,
  name: string,
  memory: (clock: MemoryEventClock) => S,
  redis: (conn: RedisConnection) => S,
): [string, () => Promise<Subject<S>>][] {
  const onRedis = async (target: RedisTarget, minReplicas: number): Promise<Subject<S>> => {
    const conn = await connectRedis(target, name, minReplicas);
    return { store: redis(conn), clock: new RedisEventClock(conn), close: () => conn.onModuleDestroy() };
  };
  return [
    [
      'memory',
      () => {
        const clock = new MemoryEventClock();
        return Promise.resolve({ store: memory(clock), clock, close: () => Promise.resolve() });
      },
    ],
    ['redis', () => onRedis({ url: server().url }, 0)],
    ['cluster', () => onRedis({ cluster: cluster().startupNodes, natMap: undefined }, 1)],
  ];
}

/**
 * A store contract file: its private redis-server and Redis Cluster (started once for the file)
 * and the store on each backend, for `describe.each(backends)`.
 */
export function storeContract<S>(
  name: string,
  memory: (clock: MemoryEventClock) => S,
  redis: (conn: RedisConnection) => S,
): { server: () => RedisServer; backends: [string, () => Promise<Subject<S>>][] } {
  const server = privateRedisServer();
  const cluster = privateRedisCluster();
  return { server, backends: allBackends(server, cluster, name, memory, redis) };
}

export async function connectRedis(
  target: RedisTarget | string,
  name: string,
  minReplicas = 0,
): Promise<RedisConnection> {
  const conn = new RedisConnection(typeof target === 'string' ? { url: target } : target, name, {
    minReplicas,
    timeoutMs: 1000,
  });
  await conn.connect();
  return conn;
}

/** The error code a rejected store call would be acked with. */
export async function errorCodeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    return toAppError(err).error.code;
  }
  return 'resolved';
}

/** Polls (bounded) until the connection answers a ping again: it reconnects by itself. */
export async function waitForRecovery(conn: RedisConnection, attempts = 150): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      if ((await conn.client.ping()) === 'PONG') return;
    } catch {
      // still reconnecting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the Redis connection did not recover');
}

/** The part of a key Redis Cluster hashes: the first non-empty {...}, else the whole key. */
export function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Every key on the private server, grouped by the slot tag Redis Cluster would hash. */
export async function tagsOfAllKeys(conn: RedisConnection): Promise<{ keys: string[]; tags: string[] }> {
  const keys = (await conn.client.keys('*')).sort();
  return { keys, tags: [...new Set(keys.map(hashTag))] };
}

/**
 * Stops the private server, checks that each call is answered UNAVAILABLE, brings the server back
 * and waits until the connection has recovered by itself.
 */
export async function throughOutage(
  server: RedisServer,
  conn: RedisConnection,
  calls: (() => Promise<unknown>)[],
): Promise<string[]> {
  await server.stop();
  try {
    const codes: string[] = [];
    for (const call of calls) codes.push(await errorCodeOf(call()));
    return codes;
  } finally {
    await server.launch();
    await waitForRecovery(conn);
  }
}
