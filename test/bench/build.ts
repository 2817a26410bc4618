import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/bench/build.ts). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, killed after timeoutMs. */
export function run(cmd: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout = (stdout + c.toString()).slice(-200_000)));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-200_000)));
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `npm run build` then `npm run build:bench`, so that a fresh clone works. The lock directory is
 * the one the cluster suite uses, so that two jest workers never write dist/ at the same time.
 */
export async function buildWithBench(): Promise<void> {
  const lock = join(tmpdir(), `summit-build-${Buffer.from(ROOT).toString('hex').slice(-40)}.lock`);
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { force: true, recursive: true });
      if (i >= 600) throw new Error(`build lock ${lock} held for too long`);
      await sleep(250);
    }
  }
  try {
    for (const script of ['build', 'build:bench']) {
      const r = await run('npm', ['run', '-s', script], 180_000);
      if (r.code !== 0) throw new Error(`npm run ${script} failed:\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    rmSync(lock, { force: true, recursive: true });
  }
  if (!existsSync(join(ROOT, 'dist-bench/main.js'))) throw new Error('no dist-bench/main.js');
}
