import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../bench/free-port.js';

/** A free port of 127.0.0.1: one copy for the tests and the bench, in bench/free-port.ts. */
export { freePort };

/** A private redis-server on a free port, never the machine's shared one. */
export class RedisServer {
  private process: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'summit-redis-'));

  private constructor(
    readonly port: number,
    private readonly appendonly: boolean,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: { appendonly?: boolean } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options.appendonly ?? false);
    await server.launch();
    return server;
  }

  /** Starts (again) on the same port and directory: with AOF, the data comes back. */
  async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir];
    args.push('--appendonly', this.appendonly ? 'yes' : 'no', '--appendfsync', 'always');
    this.process = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    probe.disconnect();
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Stops the server (SIGTERM waits for the AOF to be written). */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
