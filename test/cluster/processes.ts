import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, withBuildLock } from '../support/build-lock.js';
import { freePort } from '../support/redis-server.js';

export { ROOT };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves after `ms` without keeping the process alive (the losing side of a race). */
const lapse = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** A child process whose output is kept (its tail), to explain a failure. */
class Child {
  private output = '';
  private failed = false;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-64 * 1024);
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      process.once('exit', (code) => resolve(code));
      // Not started at all (no such binary): there is no exit to wait for.
      process.once('error', (err) => {
        this.failed = true;
        this.output += `\n${err.message}`;
        resolve(null);
      });
    });
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return !this.failed && this.process.exitCode === null && this.process.signalCode === null;
  }

  /**
   * Sends the signal and waits for the exit; SIGKILL after `graceMs` if it is still there. The exit
   * code (null: ended by a signal, or not running).
   */
  async kill(signal: NodeJS.Signals, graceMs = 10_000): Promise<number | null> {
    if (!this.running) return null;
    this.process.kill(signal);
    const gone = await Promise.race([this.exited.then(() => true), lapse(graceMs).then(() => false)]);
    if (!gone) this.process.kill('SIGKILL');
    return this.exited;
  }
}

/** Runs a command to its end (bounded); rejects with its output if it fails. */
async function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  const child = new Child(cmd, spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  const code = await Promise.race([child.exited, lapse(timeoutMs).then(() => 'timeout' as const)]);
  if (code === 'timeout') await child.kill('SIGKILL');
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${String(code)}):\n${child.log}`);
}

/**
 * Builds the server (`dist/main.js`, the tsc half of `npm run build`: the web pages' bundle is not
 * needed here), so a fresh clone works.
 */
export async function buildOnce(): Promise<void> {
  await withBuildLock(() =>
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], 180_000),
  );
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('the build did not produce dist/main.js');
}

/** GET a path; the status, or 0 when nothing answers. */
export async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Polls `url` until it answers `expected` (bounded in count and time, and while `alive`). */
export async function waitStatus(
  url: string,
  expected: number,
  timeoutMs = 30_000,
  what = url,
  alive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  for (let i = 0; i < 1000 && Date.now() < deadline && alive(); i++) {
    last = await status(url);
    if (last === expected) return;
    await sleep(100);
  }
  throw new Error(`${what} answered ${last}, never ${expected} within ${timeoutMs} ms`);
}

/** One app node: `node dist/main.js` with the cluster's environment. */
export class AppNode {
  private child: Child | null = null;
  /** The output of its earlier runs (the tail of each). */
  private logs = '';

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child?.running ?? false;
  }

  async start(): Promise<void> {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...this.env,
      NODE_ID: this.id,
      PORT: String(this.port),
    };
    const child = new Child(
      this.id,
      spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    this.child = child;
    await waitStatus(`${this.url}/ready`, 200, 30_000, `node ${this.id}`, () => child.running).catch((err: Error) => {
      throw new Error(
        `${err.message}${child.running ? '' : ` (it exited: ${String(child.process.exitCode)})`}:\n${child.log}`,
      );
    });
  }

  /**
   * Ends the process with `signal` (SIGKILL: no shutdown hook runs; SIGTERM: it drains and exits,
   * SIGKILL after `graceMs`) and waits for it; its exit code (null: ended by a signal).
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL', graceMs?: number): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    const code = await child.kill(signal, graceMs);
    this.logs += child.log;
    this.child = null;
    return code;
  }

  /** What the process printed (the tail of each run), across restarts. */
  log(): string {
    return this.logs + (this.child?.log ?? '');
  }
}

/**
 * nginx with deploy/nginx.conf, rewritten for the test: the upstream servers are the nodes' ports,
 * it listens on a free port of 127.0.0.1, its pid and temp files live in a temp dir; each answer
 * names the node that served it (X-Upstream), so a test can tell where an affinity leads.
 */
export class Nginx {
  private child: Child | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static rewrite(conf: string, nodePorts: number[], port: number, dir: string): string {
    const edits: [RegExp, (substring: string, ...args: string[]) => string][] = [
      [/server app(\d+):3000/g, (_m, n) => `server 127.0.0.1:${nodePorts[Number(n) - 1]}`],
      [/listen 80( [^;]*)?;/g, (_m, options = '') => `listen 127.0.0.1:${port}${options};`],
      [/^pid .*;$/gm, () => `pid ${dir}/nginx.pid;`],
      [/\/tmp\/nginx-/g, () => `${dir}/`],
      [
        /^(\s*)proxy_pass http:\/\/summit;$/gm,
        (m, indent) => `${m}\n${indent}add_header X-Upstream $upstream_addr always;`,
      ],
    ];
    let out = conf;
    for (const [pattern, to] of edits) {
      if (!pattern.test(out)) throw new Error(`deploy/nginx.conf has no ${String(pattern)} to rewrite`);
      out = out.replace(pattern, to);
    }
    const servers = out.match(/server 127\.0\.0\.1:\d+ /g) ?? [];
    if (servers.length !== nodePorts.length || out.includes('undefined')) {
      throw new Error(`deploy/nginx.conf names ${servers.length} app servers, the cluster has ${nodePorts.length}`);
    }
    return out;
  }

  static async start(nodePorts: number[]): Promise<Nginx> {
    const nginx = new Nginx(await freePort(), mkdtempSync(join(tmpdir(), 'summit-nginx-')));
    // Workers run as an unprivileged user when the master is root: they must reach the temp dirs.
    chmodSync(nginx.dir, 0o755);
    const conf = join(nginx.dir, 'nginx.conf');
    writeFileSync(
      conf,
      Nginx.rewrite(readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8'), nodePorts, nginx.port, nginx.dir),
    );
    const bin = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
    const args = ['-p', nginx.dir, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'];
    const child = new Child('nginx', spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    nginx.child = child;
    try {
      await waitStatus(`${nginx.url}/health`, 200, 15_000, 'nginx', () => child.running);
    } catch (err) {
      await nginx.stop();
      throw new Error(`${(err as Error).message}:\n${child.log}`, { cause: err });
    }
    return nginx;
  }

  /** The node port that a client with this affinity reaches through nginx. */
  async upstreamOf(affinity: string): Promise<number> {
    const res = await fetch(`${this.url}/health?affinity=${encodeURIComponent(affinity)}`);
    await res.arrayBuffer();
    const upstream = res.headers.get('x-upstream') ?? '';
    return Number(upstream.split(', ').pop()?.split(':').pop());
  }

  get log(): string {
    return this.child?.log ?? '';
  }

  async stop(): Promise<void> {
    // SIGTERM: fast shutdown (a graceful one would wait for the open WebSockets); workers end with it.
    await this.child?.kill('SIGTERM', 5000);
    this.child = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
