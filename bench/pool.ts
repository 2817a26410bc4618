// The coordinator's side of the worker processes: fork, ask (typed RPC over IPC), stop.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CommandName, CommandOf, Reply, ResultOf, WorkerEvent } from './ipc.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** Clients per worker at most: far under the per-process file limit (20,000 here). */
export const MAX_PER_WORKER = 6000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

class Worker {
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  readonly exited: Promise<void>;

  constructor(
    readonly index: number,
    readonly child: ChildProcess,
    onEvent: (worker: number, event: WorkerEvent) => void,
  ) {
    child.on('message', (reply: Reply) => {
      if ('event' in reply) return onEvent(index, reply.event);
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(`worker ${index}: ${reply.error}`));
      else p.resolve(reply.result);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        for (const p of this.pending.values()) p.reject(new Error(`worker ${index} exited (${String(code)})`));
        this.pending.clear();
        resolve();
      }),
    );
  }

  ask<K extends CommandName>(command: CommandOf<K>): Promise<ResultOf<K>> {
    const id = this.next++;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command }, (err) => {
        if (err) {
          this.pending.delete(id);
          reject(err);
        }
      });
    });
  }
}

export class WorkerPool {
  private readonly listeners = new Set<(worker: number, event: WorkerEvent) => void>();

  private constructor(readonly workers: Worker[]) {}

  static start(count: number): WorkerPool {
    const pool = new WorkerPool([]);
    for (let i = 0; i < count; i++) {
      const child = fork(WORKER, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: [],
      });
      pool.workers.push(new Worker(i, child, (w, e) => pool.listeners.forEach((l) => l(w, e))));
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  on(listener: (worker: number, event: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The same kind of command to every worker (built per worker), all answers. */
  all<K extends CommandName>(build: (worker: number) => CommandOf<K>): Promise<ResultOf<K>[]> {
    return Promise.all(this.workers.map((w) => w.ask<K>(build(w.index))));
  }

  /** Clients [0, n) spread over the workers in contiguous slices. */
  slice(n: number, worker: number): { from: number; to: number } {
    const per = Math.ceil(n / this.size);
    return { from: Math.min(n, worker * per), to: Math.min(n, (worker + 1) * per) };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null || w.child.signalCode !== null) return;
        if (w.child.connected) w.child.disconnect();
        const timer = setTimeout(() => w.child.kill('SIGKILL'), 5000);
        await w.exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** Workers for n clients: at least 2, enough that none holds more than MAX_PER_WORKER. */
export function workersFor(n: number, asked?: number): number {
  if (asked !== undefined) return Math.max(1, Math.max(asked, Math.ceil(n / MAX_PER_WORKER)));
  return Math.max(2, Math.min(8, Math.ceil(n / 2500)));
}
