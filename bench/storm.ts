// Connect storm: N audience members, each with its token from a paced join beforehand, all open
// their socket within STORM_WINDOW_MS (spread evenly over the workers), once each. Every first try
// is counted: in (handshake done, snapshot received), reset by the kernel, refused, timed out, or
// refused by the server (connect_error: RATE_LIMITED from admission control). No retry is a success.
// The kernel's listen-queue counters over the storm say whether the accept queue overflowed.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Deployment } from './deployment.js';
import type { WorkerPool } from './pool.js';
import { errorCount, errorText, joinCrowd, type Metrics, type Settings } from './scenario.js';
import { request } from './http.js';
import { sleep } from './servers.js';
import { addCounts, distribution, merge, round } from './stats.js';
import { nowUs } from './wire.js';

/** The storm: every socket opened within this window. */
export const STORM_WINDOW_MS = 1500;
/** Between the order and the storm's start: the order reaches every worker before. */
const LEAD_MS = 500;

/** The TcpExt counters of /proc/net/netstat this scenario reports (this network namespace, all sockets). */
const COUNTERS = { ListenOverflows: 'listenOverflows', ListenDrops: 'listenDrops', SyncookiesSent: 'synCookies' };
type Counter = keyof typeof COUNTERS;

/** The kernel's TcpExt counters now: `TcpExt:` names on one line, their values on the next. */
export function tcpExt(text: string): Record<string, number> {
  const lines = text.split('\n').filter((line) => line.startsWith('TcpExt:'));
  const names = (lines[0] ?? '').split(/\s+/).slice(1);
  const values = (lines[1] ?? '').split(/\s+/).slice(1);
  return Object.fromEntries(names.map((name, i) => [name, Number(values[i] ?? NaN)]));
}

function readTcpExt(): Record<string, number> | null {
  try {
    return tcpExt(readFileSync('/proc/net/netstat', 'utf8'));
  } catch {
    return null; // not Linux
  }
}

/**
 * The server's listen socket while the storm lasts, from `ss` every 100 ms (netlink, filtered in the
 * kernel: cheap): its backlog (Send-Q) and the longest accept queue seen (Recv-Q). This one socket's,
 * unlike the machine-wide counters.
 */
class ListenQueue {
  backlog = 0;
  maxQueued = 0;
  samples = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(port: number) {
    this.done = this.loop(port);
  }

  private async loop(port: number): Promise<void> {
    for (let i = 0; i < 10_000 && this.running; i++) {
      const line = await new Promise<string>((resolve) =>
        execFile('ss', ['-ltnH', `sport = :${port}`], { timeout: 2000 }, (err, stdout) => resolve(err ? '' : stdout)),
      );
      const [, recvQ, sendQ] = line.trim().split(/\s+/);
      if (recvQ !== undefined && sendQ !== undefined) {
        this.samples++;
        this.maxQueued = Math.max(this.maxQueued, Number(recvQ));
        this.backlog = Number(sendQ);
      }
      await sleep(100);
    }
  }

  async stop(): Promise<Metrics> {
    this.running = false;
    await this.done;
    return this.samples > 0 ? { backlog: this.backlog, acceptQueueMax: this.maxQueued } : {};
  }
}

/** Our server's admission refusals so far, by reason (its /metrics); none for the baseline. */
async function admissionRefused(base: string): Promise<Record<string, number>> {
  const res = await request('GET', `${base}/metrics`, undefined, { timeoutMs: 10_000 });
  const out: Record<string, number> = {};
  if (res.status !== 200) return out;
  for (const m of res.text.matchAll(/^summit_admission_refused_total\{[^}]*reason="([^"]+)"[^}]*\} (\d+)/gm)) {
    out[m[1] ?? ''] = Number(m[2]);
  }
  return out;
}

function sum(counts: Record<string, number>, keep: (kind: string) => boolean): number {
  return Object.entries(counts).reduce((n, [kind, count]) => (keep(kind) ? n + count : n), 0);
}

export async function measureStorm(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  // Tokens first, paced (--concurrency joins in flight), so that the storm is the sockets alone.
  const tokens = await joinCrowd(pool, dep, s, false);
  const joinErrors = errorCount(tokens.errors);
  await sleep(s.quick ? 200 : 1000);

  const server = dep.nodes[0];
  if (!server) throw new Error('no server');
  const ours = dep.kind !== 'baseline';
  const refusedBefore = ours ? await admissionRefused(server.url) : {};
  const queue = new ListenQueue(server.port);
  const before = readTcpExt();
  const startUs = nowUs() + LEAD_MS * 1000;
  const timeoutMs = s.quick ? 10_000 : 30_000;
  const results = await pool.all<'storm'>(() => ({ cmd: 'storm', startUs, windowMs: STORM_WINDOW_MS, timeoutMs }));
  const after = readTcpExt();
  const listen = await queue.stop();
  const admission: Metrics = {};
  if (ours) {
    for (const [reason, n] of Object.entries(await admissionRefused(server.url))) {
      admission[`admission.${reason}`] = n - (refusedBefore[reason] ?? 0);
    }
  }

  const failures: Record<string, number> = {};
  const messages: Record<string, number> = {};
  for (const r of results) {
    addCounts(failures, r.failures);
    addCounts(messages, r.messages);
  }
  const connected = results.reduce((n, r) => n + r.connected, 0);
  const attempted = results.reduce((n, r) => n + r.attempted, 0);
  const last = Math.max(0, ...results.map((r) => r.lastDoneUs));
  const connect = distribution(merge(results.map((r) => r.connectUs)));
  const refusals = Object.fromEntries(
    Object.entries(failures).flatMap(([kind, n]) => (kind.startsWith('refused:') ? [[kind.slice(8), n]] : [])),
  );
  const kernel: Metrics = {};
  for (const [name, key] of Object.entries(COUNTERS) as [Counter, string][]) {
    const b = before?.[name];
    const a = after?.[name];
    if (b !== undefined && a !== undefined && Number.isFinite(a) && Number.isFinite(b)) kernel[key] = a - b;
  }
  const failed = attempted - connected;
  return {
    joined: tokens.joined,
    joinErrors,
    ...(joinErrors > 0 ? { joinErrorCodes: errorText(tokens.errors) } : {}),
    attempted,
    firstTry: connected,
    allFirstTry: attempted === s.n && connected === attempted,
    resets: failures.RESET ?? 0,
    connRefused: failures.CONN_REFUSED ?? 0,
    timeouts: failures.TIMEOUT ?? 0,
    refused: sum(refusals, () => true),
    ...(Object.keys(refusals).length > 0 ? { refusedCodes: errorText(refusals) } : {}),
    otherFailures: sum(failures, (k) => !['RESET', 'CONN_REFUSED', 'TIMEOUT'].includes(k) && !k.startsWith('refused:')),
    ...(failed > 0 ? { failureMessages: errorText(messages).slice(0, 300) } : {}),
    ...admission,
    ...listen,
    ...kernel,
    stormWindowSec: STORM_WINDOW_MS / 1000,
    // From the storm's start to the last socket in (all of them in when allFirstTry).
    lastInMs: last > 0 ? round((last - startUs) / 1000) : 0,
    connectP50Ms: round(connect.p50),
    connectP99Ms: round(connect.p99),
    connectMaxMs: round(connect.max),
  };
}
