import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, withBuildLock } from '../support/build-lock.js';

export { ROOT };

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

/** `npm run build` then `npm run build:bench`, so that a fresh clone works. */
export async function buildWithBench(): Promise<void> {
  await withBuildLock(async () => {
    for (const script of ['build', 'build:bench']) {
      const r = await run('npm', ['run', '-s', script], 180_000);
      if (r.code !== 0) throw new Error(`npm run ${script} failed:\n${r.stdout}\n${r.stderr}`);
    }
  });
  if (!existsSync(join(ROOT, 'dist-bench/main.js'))) throw new Error('no dist-bench/main.js');
}
