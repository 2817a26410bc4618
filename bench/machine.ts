// The machine the figures come from, and a bounded wait for it to be quiet before a big run.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { sleep } from './servers.js';
import { round } from './stats.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  openFilesLimit: string;
  load: number[];
}

export function machine(): Machine {
  let limit = 'unknown';
  try {
    limit = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? limit;
  } catch {
    // not Linux
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    node: process.version,
    openFilesLimit: limit,
    load: loadavg().map((l) => round(l)),
  };
}

/** The CPU --pin gives the servers; the harness keeps the others. */
export const SERVER_CPU = 0;

/**
 * --pin: this process and all it starts later (the client workers, redis-server) leave the
 * servers' CPU to them; each server is started on it with taskset (startServer).
 */
export function pinHarness(): void {
  const count = cpus().length;
  if (count < 2) throw new Error('--pin needs at least 2 CPUs');
  execFileSync('taskset', ['-a', '-p', '-c', `${SERVER_CPU + 1}-${count - 1}`, String(process.pid)], {
    stdio: 'ignore',
  });
}

/** Waits (at most maxSeconds) until the 1-minute load is below `below`; answers the load then. */
export async function waitQuiet(below: number, maxSeconds: number, log: (line: string) => void): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  let told = false;
  for (let i = 0; i < 10_000; i++) {
    const load = loadavg()[0] ?? 0;
    if (load < below || Date.now() >= deadline) {
      if (load >= below) log(`load ${load.toFixed(2)} still >= ${below} after ${maxSeconds} s: going on`);
      return round(load);
    }
    if (!told) log(`waiting (at most ${maxSeconds} s) for the 1-minute load ${load.toFixed(2)} to fall below ${below}`);
    told = true;
    await sleep(5000);
  }
  return round(loadavg()[0] ?? 0);
}
