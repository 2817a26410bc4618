// What every scenario shares: its settings, its figures, and the crowd's join over the workers.
import type { Deployment } from './deployment.js';
import type { ConnectResult } from './ipc.js';
import type { WorkerPool } from './pool.js';
import { addCounts, distribution, merge, round } from './stats.js';

export type Metrics = Record<string, number | boolean | string>;

export interface Settings {
  n: number;
  quick: boolean;
  /** Measured cues per fanout run (after the warm-up ones). */
  cues: number;
  /** Votes per second offered in the paced phases. */
  rate: number;
  /** Votes per second of the first phase: a rate the baseline answers with a p99 under 50 ms. */
  steadyRate: number;
  /** Joins in flight at once, over all workers. */
  concurrency: number;
  workers?: number;
  /** Servers on CPU 0, the harness and redis-server on the others (see pinHarness). */
  pin?: boolean;
  cpuProfDir?: string;
  /** Memory scenario: heap snapshots of our server before and after the connections. */
  heapSnapshotDir?: string;
  log: (line: string) => void;
}

export interface CrowdFigures {
  connected: number;
  joined: number;
  errors: Record<string, number>;
  /** Per worker, its connected clients (the fanout waits for each worker's share). */
  perWorker: number[];
  summary: ConnectResult[];
}

/** A target deployed with its own client workers, for the scenarios that measure targets side by side. */
export interface Side {
  dep: Deployment;
  pool: WorkerPool;
}

/**
 * Joins (and connects, unless told not to) clients `from`..`to`-1 (default 0..n-1), spread over the
 * workers, nodes and events.
 */
export async function joinCrowd(
  pool: WorkerPool,
  dep: Deployment,
  s: Settings,
  connect = true,
  { from, to } = { from: 0, to: s.n },
): Promise<CrowdFigures> {
  const per = Math.max(1, Math.ceil(s.concurrency / pool.size));
  const results = await pool.all<'join'>((w) => {
    const part = pool.slice(to - from, w);
    return {
      cmd: 'join',
      eventId: dep.eventId,
      eventIds: dep.events.map((e) => e.id),
      bases: dep.bases,
      from: from + part.from,
      to: from + part.to,
      concurrency: per,
      connect,
    };
  });
  return figuresOf(results);
}

export function figuresOf(results: ConnectResult[]): CrowdFigures {
  const errors: Record<string, number> = {};
  for (const r of results) addCounts(errors, r.errors);
  return {
    connected: results.reduce((n, r) => n + r.connected, 0),
    joined: results.reduce((n, r) => n + r.joined, 0),
    errors,
    perWorker: results.map((r) => r.connected),
    summary: results,
  };
}

/** Connected clients over the span from the first join started to the last snapshot, in seconds. */
function spanOf(results: ConnectResult[]): { connected: number; seconds: number } {
  const first = Math.min(...results.filter((r) => r.firstStartUs > 0).map((r) => r.firstStartUs));
  const last = Math.max(...results.map((r) => r.lastDoneUs));
  const connected = results.reduce((n, r) => n + r.connected, 0);
  return { connected, seconds: Math.max(0, (last - first) / 1e6) };
}

/**
 * Joins per second and time to snapshot, from the workers' join results. Joined in turns (each
 * turn's results apart): the rate is every turn's joins over the sum of the turns' own spans, and
 * each turn's rate is listed beside (`joinsRuns`).
 */
export function joinMetrics(turns: ConnectResult[][]): Metrics {
  const all = turns.flat();
  const snapshot = distribution(merge(all.map((r) => r.snapshotUs)));
  const join = distribution(merge(all.map((r) => r.joinUs)));
  const spans = turns.map(spanOf);
  const rate = (connected: number, seconds: number): number => (seconds > 0 ? Math.round(connected / seconds) : 0);
  const total = spans.reduce((t, x) => ({ connected: t.connected + x.connected, seconds: t.seconds + x.seconds }));
  return {
    joinsPerSec: rate(total.connected, total.seconds),
    ...(turns.length > 1 ? { joinsRuns: spans.map((x) => rate(x.connected, x.seconds)).join(' / ') } : {}),
    snapshotP50Ms: round(snapshot.p50),
    snapshotP95Ms: round(snapshot.p95),
    snapshotP99Ms: round(snapshot.p99),
    snapshotMaxMs: round(snapshot.max),
    joinHttpP99Ms: round(join.p99),
  };
}

export function errorCount(errors: Record<string, number>): number {
  return Object.values(errors).reduce((a, b) => a + b, 0);
}

/** The number of errors, and their codes when there are any. */
export function errorFigures(errors: Record<string, number>): Metrics {
  const count = errorCount(errors);
  return count > 0 ? { errors: count, errorCodes: errorText(errors) } : { errors: 0 };
}

export function errorText(errors: Record<string, number>): string {
  return Object.entries(errors)
    .map(([k, n]) => `${k} x${n}`)
    .join(', ');
}

/** Server CPU (all nodes) between two samples, in microseconds. */
export function cpuBetween(before: { cpuUs: number }[], after: { cpuUs: number }[]): number {
  return after.reduce((sum, s, i) => sum + s.cpuUs - (before[i]?.cpuUs ?? 0), 0);
}
