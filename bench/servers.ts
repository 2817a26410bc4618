// The servers under test, as real child processes: our product from dist/ (after `npm run build`),
// the bare baseline, and private redis-servers on free ports (never the machine's shared one).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import keySlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { freePort, freePorts } from './free-port.js';
import { request } from './http.js';
import { parseInfo, waitUntil } from './redis-probe.js';

/** The repository root (this file runs from dist-bench/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCT = join(ROOT, 'dist/main.js');
const BASELINE = fileURLToPath(new URL('./baseline-server.js', import.meta.url));
const HOOKS = new URL('./server-hooks.js', import.meta.url).href;

export const ADMIN_KEY = `bench-admin-${randomBytes(8).toString('hex')}`;
export const AUTH_SECRET = randomBytes(32).toString('hex');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every server and redis-server started: killed if the harness exits without stopping them. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface Sample {
  rss: number;
  heapUsed: number;
  external: number;
  cpuUs: number;
}

/** Waits for the child's exit; SIGKILL after graceMs. */
async function ended(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export class ServerProcess {
  private output = '';
  private nextSample = 0;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-16_384);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get log(): string {
    return this.output;
  }

  /** Memory (after a full GC when asked) and CPU time used so far, from inside the server. */
  sample(gc: boolean, heapSnapshot?: string): Promise<Sample> {
    const id = this.nextSample++;
    return new Promise<Sample>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no sample`)), 120_000);
      const listener = (m: { type?: string; id?: number; memory?: NodeJS.MemoryUsage; cpuUs?: number }): void => {
        if (m.type !== 'sample' || m.id !== id || !m.memory) return;
        clearTimeout(timer);
        this.child.off('message', listener);
        const { rss, heapUsed, external } = m.memory;
        resolve({ rss, heapUsed, external, cpuUs: m.cpuUs ?? 0 });
      };
      this.child.on('message', listener);
      this.child.send({ type: heapSnapshot === undefined ? 'sample' : 'heap', id, gc, path: heapSnapshot });
    });
  }

  /** SIGUSR2: the hooks exit at once (and --cpu-prof writes its profile). */
  stop(): Promise<void> {
    return ended(this.child, 'SIGUSR2', 15_000);
  }
}

export interface StartOptions {
  nodeId: string;
  redisUrl?: string;
  /** Write a CPU profile of this server into the directory. */
  cpuProfDir?: string;
  /** Run the server on this CPU alone (`taskset`): see --pin. */
  cpu?: number;
  /** More environment for our server (the baseline takes none). */
  env?: Record<string, string>;
}

/** Starts our server (`dist/main.js`) or the baseline, and waits until it answers. */
export async function startServer(kind: 'product' | 'baseline', options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ID: options.nodeId,
  };
  if (kind === 'product') {
    Object.assign(env, { ADMIN_KEY, AUTH_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
    // Every simulated client comes from 127.0.0.1: limits per address would count the crowd as one.
    Object.assign(env, { JOIN_IP_LIMIT: '1000000', SOCKETS_PER_IP: '1000000' });
    // The harness stops a server once measured: a short drain (SIGTERM) keeps runs short.
    Object.assign(env, { DRAIN_RECONNECT_MS: '1000', SHUTDOWN_GRACE_MS: '5000' }, options.env);
  }
  if (options.redisUrl !== undefined) env.REDIS_URL = options.redisUrl;
  const flags = ['--expose-gc', '--import', HOOKS];
  if (options.cpuProfDir !== undefined) {
    const name = `${kind}-${options.nodeId}-${Date.now()}.cpuprofile`;
    flags.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir, '--cpu-prof-name', name);
  }
  const script = kind === 'product' ? PRODUCT : BASELINE;
  // taskset execs node in its own process: the pid, signals and IPC are the server's.
  const command =
    options.cpu === undefined ? [process.execPath] : ['taskset', '-c', String(options.cpu), process.execPath];
  const [file, ...prefix] = command as [string, ...string[]];
  const child = track(
    spawn(file, [...prefix, ...flags, script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }),
  );
  const server = new ServerProcess(`${kind}:${options.nodeId}`, child, port);
  const path = kind === 'product' ? '/ready' : '/health';
  const deadline = Date.now() + 30_000;
  for (let i = 0; i < 300 && Date.now() < deadline && server.running; i++) {
    const res = await request('GET', server.url + path, undefined, { timeoutMs: 2000 });
    if (res.status === 200) return server;
    await sleep(100);
  }
  await server.stop();
  throw new Error(`${server.name} did not start:\n${server.log}`);
}

/** One redis-server's CPU time so far (user + system, main thread and others), and its role. */
export interface RedisNodeCpu {
  port: number;
  primary: boolean;
  cpuUs: number;
}

/** What the scenarios need of the store under our server: one redis-server or a cluster. */
export interface RedisStore {
  /** Every redis-server's CPU so far. */
  cpuByNode(): Promise<RedisNodeCpu[]>;
  /** The port of the redis-server whose primary holds `key`. */
  primaryFor(key: string): Promise<number>;
  stop(): Promise<void>;
}

/** A one-shot connection to one redis-server that never retries; always disconnected after. */
async function probe<T>(port: number, run: (redis: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    commandTimeout: 5000,
  });
  // connect() rejects with the same error; the event alone would be an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

/** `field:value` lines of INFO (or CLUSTER INFO). */

async function nodeCpu(port: number): Promise<RedisNodeCpu> {
  const info = parseInfo(await probe(port, (redis) => redis.info()));
  const cpu = Number(info.get('used_cpu_sys') ?? 0) + Number(info.get('used_cpu_user') ?? 0);
  return { port, primary: info.get('role') === 'master', cpuUs: cpu * 1e6 };
}

/** The deployment's persistence: AOF, fsync every second; no RDB snapshots during a run. */
const PERSISTENCE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxclients', '1000'];

/** A private redis-server with the deployment's persistence (AOF, fsync every second). */
export class RedisProcess implements RedisStore {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisProcess> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'summit-bench-redis-'));
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...PERSISTENCE];
    const child = track(spawn('redis-server', args, { stdio: 'ignore' }));
    const redis = new RedisProcess(port, child, dir);
    for (let i = 0; i < 100; i++) {
      try {
        await redis.cpuUs();
        return redis;
      } catch {
        await sleep(50);
      }
    }
    await redis.stop();
    throw new Error(`redis-server did not start on port ${port}`);
  }

  /** Redis CPU time so far (user + system, main thread and others). */
  async cpuUs(): Promise<number> {
    return (await nodeCpu(this.port)).cpuUs;
  }

  async cpuByNode(): Promise<RedisNodeCpu[]> {
    return [await nodeCpu(this.port)];
  }

  primaryFor(): Promise<number> {
    return Promise.resolve(this.port);
  }

  async stop(): Promise<void> {
    await ended(this.child, 'SIGTERM', 10_000);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A primary of the cluster and the slot ranges it serves (inclusive). */
export interface ClusterPrimary {
  port: number;
  slots: [number, number][];
  replicas: number[];
}

const CLUSTER_NODES = 6;
const SLOTS = 16384;

/**
 * A private Redis Cluster, 3 primaries + 3 replicas (`redis-cli --cluster create --cluster-replicas
 * 1`) on free ports, each node with the same persistence as RedisProcess, in a temp dir of its own.
 */
export class RedisClusterProcess implements RedisStore {
  private constructor(
    readonly ports: number[],
    private readonly children: ChildProcess[],
    private readonly dirs: string[],
  ) {}

  /** REDIS_CLUSTER_NODES: every node as a seed. */
  get seeds(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  static async start(): Promise<RedisClusterProcess> {
    // A bus port of its own per node: port + 10000 may be taken or above 65535.
    const ports = await freePorts(CLUSTER_NODES * 2);
    const dirs: string[] = [];
    const children: ChildProcess[] = [];
    const cluster = new RedisClusterProcess(ports.slice(0, CLUSTER_NODES), children, dirs);
    try {
      for (let i = 0; i < CLUSTER_NODES; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'summit-bench-cluster-'));
        dirs.push(dir);
        const args = ['--port', String(ports[i]), '--bind', '127.0.0.1', '--dir', dir, ...PERSISTENCE];
        args.push('--cluster-enabled', 'yes', '--cluster-port', String(ports[CLUSTER_NODES + i]));
        args.push('--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000');
        // Replicas sync at once, not after the default 5 s wait for others to share the transfer.
        args.push('--repl-diskless-sync-delay', '0');
        children.push(track(spawn('redis-server', args, { stdio: 'ignore' })));
      }
      await Promise.all(
        cluster.ports.map((port) =>
          waitUntil(`redis-server on ${port} did not answer`, 10_000, async () =>
            (await probe(port, (r) => r.ping())) === 'PONG' ? null : 'no PONG',
          ),
        ),
      );
      await new Promise<void>((resolve, reject) => {
        const create = ['--cluster', 'create', ...cluster.seeds.split(','), '--cluster-replicas', '1', '--cluster-yes'];
        execFile('redis-cli', create, { timeout: 60_000 }, (err, _stdout, stderr) =>
          err ? reject(new Error(`redis-cli --cluster create: ${err.message} ${stderr}`)) : resolve(),
        );
      });
      await cluster.waitUntilHealthy(60_000);
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** Every node: cluster_state ok, all slots and nodes known; every primary with a replica in sync. */
  private waitUntilHealthy(timeoutMs: number): Promise<void> {
    return waitUntil('the Redis Cluster did not become healthy', timeoutMs, async () => {
      for (const port of this.ports) {
        const why = await probe(port, async (redis) => {
          const cluster = parseInfo(await redis.cluster('INFO'));
          if (cluster.get('cluster_state') !== 'ok') return `cluster_state ${cluster.get('cluster_state')}`;
          if (cluster.get('cluster_slots_assigned') !== String(SLOTS)) return 'not all slots assigned';
          if (cluster.get('cluster_known_nodes') !== String(CLUSTER_NODES)) return 'not all nodes known';
          const replication = parseInfo(await redis.info('replication'));
          if (replication.get('role') === 'master' && !(replication.get('slave0') ?? '').includes('state=online')) {
            return 'no replica in sync';
          }
          return null;
        });
        if (why !== null) return `${port}: ${why}`;
      }
      return null;
    });
  }

  /** The primaries and the slots each serves, as CLUSTER SLOTS reports them now. */
  async primaries(): Promise<ClusterPrimary[]> {
    const reply = await probe(this.ports[0] ?? 0, (redis) => redis.cluster('SLOTS'));
    const byPort = new Map<number, ClusterPrimary>();
    for (const [start, end, primary, ...replicas] of reply) {
      const port = Number(primary[1]);
      const entry = byPort.get(port) ?? { port, slots: [], replicas: replicas.map((r) => Number(r[1])) };
      entry.slots.push([start, end]);
      byPort.set(port, entry);
    }
    return [...byPort.values()].sort((a, b) => (a.slots[0]?.[0] ?? 0) - (b.slots[0]?.[0] ?? 0));
  }

  async primaryFor(key: string): Promise<number> {
    const slot = keySlot(key);
    const primary = (await this.primaries()).find((p) => p.slots.some(([a, b]) => a <= slot && slot <= b));
    if (!primary) throw new Error(`no primary serves slot ${slot}`);
    return primary.port;
  }

  cpuByNode(): Promise<RedisNodeCpu[]> {
    return Promise.all(this.ports.map(nodeCpu));
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => ended(child, 'SIGTERM', 10_000)));
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}
