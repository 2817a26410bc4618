// The rehearsal's progress bar on the terminal (a line every few seconds when not a terminal).
import type { WorkerPool } from './pool.js';

interface Counts {
  joined: number;
  connected: number;
  failed: number;
  acked: number;
  voteErrors: number;
}

export class Progress {
  private readonly latest = new Map<number, Counts>();
  private readonly timer: NodeJS.Timeout;
  private readonly off: () => void;
  private lastLine = 0;
  private stopped = false;

  constructor(
    pool: WorkerPool,
    private readonly total: number,
    private readonly started: number,
    private readonly durationMs: number,
  ) {
    this.off = pool.on((worker, event) => {
      if (event.type === 'progress') this.latest.set(worker, event);
    });
    this.timer = setInterval(() => this.draw(), process.stderr.isTTY ? 250 : 5000);
  }

  private sum(): Counts {
    const s: Counts = { joined: 0, connected: 0, failed: 0, acked: 0, voteErrors: 0 };
    for (const c of this.latest.values()) {
      s.joined += c.joined;
      s.connected += c.connected;
      s.failed += c.failed;
      s.acked += c.acked;
      s.voteErrors += c.voteErrors;
    }
    return s;
  }

  private draw(): void {
    const s = this.sum();
    const width = 30;
    const filled = Math.min(width, Math.round((s.connected / Math.max(1, this.total)) * width));
    const seconds = Math.round((Date.now() - this.started) / 1000);
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${s.connected}/${this.total} connected` +
      ` (${s.joined} joined, ${s.failed} failed) · votes ${s.acked} acked, ${s.voteErrors} errors` +
      ` · ${seconds}/${Math.round(this.durationMs / 1000)} s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else if (Date.now() - this.lastLine >= 5000) process.stderr.write(`${line}\n`);
    this.lastLine = Date.now();
  }

  /** A message above the bar. */
  say(line: string): void {
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${line}\n` : `${line}\n`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.off();
    this.draw();
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}
