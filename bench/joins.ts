// Joins: N people join over HTTP and connect, each until its snapshot arrives.
// Memory: what N idle connected audience members cost the server (RSS after a full GC).
import { join } from 'node:path';
import type { Deployment } from './deployment.js';
import type { WorkerPool } from './pool.js';
import {
  cpuBetween,
  errorCount,
  errorText,
  figuresOf,
  joinCrowd,
  joinMetrics,
  type Metrics,
  type Settings,
} from './scenario.js';
import { sleep } from './servers.js';
import { round } from './stats.js';
import { nowUs } from './wire.js';

export async function measureJoins(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  const cpuBefore = await dep.sample(false);
  const redisBefore = (await dep.redis?.cpuByNode()) ?? [];
  const from = nowUs();
  const crowd = await joinCrowd(pool, dep, s);
  s.log(`  joins window (monotonic µs): ${Math.round(from)}-${Math.round(nowUs())}`);
  const cpuAfter = await dep.sample(false);
  const redisAfter = (await dep.redis?.cpuByNode()) ?? [];
  const errors = errorCount(crowd.errors);
  const perJoin = (us: number): number => round(us / Math.max(1, crowd.connected), 1);
  return {
    attempted: s.n,
    joined: crowd.joined,
    connected: crowd.connected,
    errors,
    ...(errors > 0 ? { errorCodes: errorText(crowd.errors) } : {}),
    ...joinMetrics(crowd.summary),
    // Each join is the HTTP join, a handshake and the snapshot: the servers' and redis-servers' CPU for it.
    serverCpuUsPerJoin: perJoin(cpuBetween(cpuBefore, cpuAfter)),
    ...(dep.redis ? { redisCpuUsPerJoin: perJoin(cpuBetween(redisBefore, redisAfter)) } : {}),
  };
}

export async function measureMemory(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  // Tokens first (the people are in the store either way), then the connections alone are measured.
  const joined = await joinCrowd(pool, dep, s, false);
  await sleep(500);
  const server = dep.nodes[0];
  if (!server) throw new Error('no server');
  const dir = s.heapSnapshotDir;
  const snapshot = (when: string): string | undefined =>
    dir === undefined ? undefined : join(dir, `${dep.kind}-${s.n}-${when}.heapsnapshot`);
  const before = await server.sample(true, snapshot('before'));
  const connect = figuresOf(
    await pool.all<'connect'>(() => ({ cmd: 'connect', concurrency: Math.ceil(s.concurrency / pool.size) })),
  );
  // Idle: let the connection storm's garbage and buffers settle, then a full GC.
  await sleep(s.quick ? 500 : 3000);
  const after = await server.sample(true, snapshot('after'));
  const n = Math.max(1, connect.connected);
  const rss = after.rss - before.rss;
  const heap = after.heapUsed - before.heapUsed;
  const external = after.external - before.external;
  const errors = errorCount(joined.errors) + errorCount(connect.errors);
  return {
    joined: joined.joined,
    connected: connect.connected,
    errors,
    rssBeforeMB: round(before.rss / 2 ** 20, 1),
    rssAfterMB: round(after.rss / 2 ** 20, 1),
    rssPerConnKB: round(rss / n / 1024, 2),
    heapPerConnKB: round(heap / n / 1024, 2),
    externalPerConnKB: round(external / n / 1024, 2),
  };
}
