// Preloaded (`node --import`) into every server the harness starts, ours and the baseline alike,
// without touching their code: answers memory and CPU samples over IPC (after a full GC when
// --expose-gc is on) and writes heap snapshots when asked, ends the server when the harness goes
// away, and exits cleanly on SIGUSR2 so that `--cpu-prof` writes its profile.
import { writeHeapSnapshot } from 'node:v8';

interface HookRequest {
  type: 'sample' | 'heap';
  id: number;
  gc: boolean;
  /** heap: where to write the snapshot. */
  path?: string;
}

const collect = (globalThis as { gc?: () => void }).gc;

process.on('message', (message: HookRequest) => {
  if (message.type !== 'sample' && message.type !== 'heap') return;
  if (message.gc && collect) {
    collect();
    collect();
  }
  if (message.type === 'heap' && message.path !== undefined) writeHeapSnapshot(message.path);
  const cpu = process.cpuUsage();
  const sample = { type: 'sample', id: message.id, memory: process.memoryUsage(), cpuUs: cpu.user + cpu.system };
  process.send?.(sample, undefined, undefined, () => undefined);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGUSR2', () => process.exit(0));
process.channel?.unref();
