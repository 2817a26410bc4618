// Joins: N people join over HTTP and connect, each until its snapshot arrives; the targets take turns.
// Memory: what N idle connected audience members cost the server (RSS after a full GC).
import { join } from 'node:path';
import type { Deployment } from './deployment.js';
import type { ConnectResult } from './ipc.js';
import type { WorkerPool } from './pool.js';
import {
  cpuBetween,
  errorCount,
  errorFigures,
  figuresOf,
  joinCrowd,
  joinMetrics,
  type Metrics,
  type Settings,
  type Side,
} from './scenario.js';
import { sleep } from './servers.js';
import { addCounts, round } from './stats.js';
import { nowUs } from './wire.js';

/** One target's joins so far: each turn's results, and the CPU of its turns alone. */
interface JoinTurns {
  turns: ConnectResult[][];
  errors: Record<string, number>;
  serverUs: number;
  redisUs: number;
}

/**
 * Each target's crowd joins in turns of a part: every target joins its part before the next part,
 * each round started by the next target, so every target joins each part with as many of its own
 * already connected and a drift of the machine's speed is shared. The rounds are a multiple of the
 * targets (six parts for three targets, four for two): each target goes first, in the middle and
 * last equally often, since the later in a round, the more of the others' sockets are up and
 * beating. (Quarters for three targets had the baseline first twice and Redis last twice.)
 */
export async function measureJoins(sides: Side[], s: Settings): Promise<Metrics[]> {
  const least = s.quick ? 2 : 4;
  const rounds = Math.ceil(least / sides.length) * sides.length;
  const acc: JoinTurns[] = sides.map(() => ({ turns: [], errors: {}, serverUs: 0, redisUs: 0 }));
  for (let turn = 0; turn < rounds; turn++) {
    const range = { from: Math.floor((turn * s.n) / rounds), to: Math.floor(((turn + 1) * s.n) / rounds) };
    for (let k = 0; k < sides.length; k++) {
      const i = (turn + k) % sides.length;
      const { dep, pool } = sides[i];
      const mine = acc[i];
      // The previous turn's tail (another target's collector, its sockets settling) out of this one.
      await sleep(s.quick ? 100 : 500);
      const cpuBefore = await dep.sample(false);
      const redisBefore = (await dep.redis?.cpuByNode()) ?? [];
      const from = nowUs();
      const crowd = await joinCrowd(pool, dep, s, true, range);
      s.log(`  ${dep.kind} joins ${range.from}-${range.to} (monotonic µs): ${Math.round(from)}-${Math.round(nowUs())}`);
      mine.serverUs += cpuBetween(cpuBefore, await dep.sample(false));
      mine.redisUs += cpuBetween(redisBefore, (await dep.redis?.cpuByNode()) ?? []);
      mine.turns.push(crowd.summary);
      addCounts(mine.errors, crowd.errors);
    }
  }
  return sides.map(({ dep }, i) => {
    const { turns, errors, serverUs, redisUs } = acc[i];
    const all = turns.flat();
    const connected = all.reduce((n, r) => n + r.connected, 0);
    const perJoin = (us: number): number => round(us / Math.max(1, connected), 1);
    return {
      attempted: s.n,
      joined: all.reduce((n, r) => n + r.joined, 0),
      connected,
      ...errorFigures(errors),
      ...joinMetrics(turns),
      // Each join is the HTTP join, a handshake and the snapshot: the servers' and redis-servers' CPU for it.
      serverCpuUsPerJoin: perJoin(serverUs),
      ...(dep.redis ? { redisCpuUsPerJoin: perJoin(redisUs) } : {}),
    };
  });
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
