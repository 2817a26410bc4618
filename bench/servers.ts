// The servers under test, as real child processes: our product from dist/ (after `npm run build`),
// the bare baseline, and private redis-servers on free ports (never the machine's shared one).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { request } from './http.js';

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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
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

/** A private redis-server with the deployment's persistence (AOF, fsync every second). */
export class RedisProcess {
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
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
    args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--maxclients', '1000');
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
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const info = await client.info('cpu');
      const value = (name: string): number => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
      return (value('used_cpu_sys') + value('used_cpu_user')) * 1e6;
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    await ended(this.child, 'SIGTERM', 10_000);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
