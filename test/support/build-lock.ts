import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/build-lock.ts). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `work` (a build into dist/, dist-bench/ or web/dist/) holding one lock directory that every
 * suite shares, so that two jest workers never write the same output at once.
 */
export async function withBuildLock(work: () => Promise<void>): Promise<void> {
  const lock = join(tmpdir(), `summit-build-${Buffer.from(ROOT).toString('hex').slice(-40)}.lock`);
  const deadline = Date.now() + 200_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      // A holder that died without cleaning up: builds take far less than this.
      if (held > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the build lock ${lock} is held for too long`);
      await sleep(250);
    }
  }
  try {
    await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
