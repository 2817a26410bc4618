// Runs the scenarios: each on the baseline and on our server (embedded, Redis), every target a
// fresh deployment and fresh workers, and the ratios of our figures to the baseline's.
import { loadavg } from 'node:os';
import { deploy, type Deployment, type TargetKind } from './deployment.js';
import { measureFanout } from './fanout.js';
import { measureJoins, measureMemory } from './joins.js';
import { SERVER_CPU } from './machine.js';
import { WorkerPool, workersFor } from './pool.js';
import { errorCount, errorText, joinCrowd, type Metrics, type Settings } from './scenario.js';
import { sleep } from './servers.js';
import { round } from './stats.js';
import { measureVotes } from './votes.js';

export const SCENARIOS = ['fanout', 'votes', 'joins', 'memory', 'cluster'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type Store = 'embedded' | 'redis';

export interface TargetResult {
  nodes: number;
  load1: number;
  seconds: number;
  metrics?: Metrics;
  error?: string;
}

export interface ScenarioResult {
  n: number;
  targets: Partial<Record<TargetKind, TargetResult>>;
  /** Our figure divided by the baseline's, per store. */
  ratios: Partial<Record<Store, Record<string, number>>>;
  /** Cluster only: the 3-node figure divided by the one-node Redis figure of the same run. */
  vsSingleNode?: Record<string, number>;
}

/** Figures worth a ratio: times, rates, sizes, costs (not counts). */
export function isFigure(key: string): boolean {
  return /(Ms|PerSec|KB|MB|PerCue|PerVote)$/.test(key);
}

type Measure = (dep: Deployment, pool: WorkerPool, s: Settings) => Promise<Metrics>;
/** Measures with the crowd connected: `perWorker` is each worker's share of connected clients. */
type CrowdMeasure = (dep: Deployment, pool: WorkerPool, s: Settings, perWorker: number[]) => Promise<Metrics>;

/** Connects the crowd, then measures; the crowd's counts come first in the figures. */
function withCrowd(measure: CrowdMeasure): Measure {
  return async (dep, pool, s) => {
    const crowd = await joinCrowd(pool, dep, s);
    const joinErrors = errorCount(crowd.errors);
    const head: Metrics = { joined: crowd.joined, connected: crowd.connected, joinErrors };
    if (joinErrors > 0) head.joinErrorCodes = errorText(crowd.errors);
    return { ...head, ...(await measure(dep, pool, s, crowd.perWorker)) };
  };
}

function prefixed(prefix: string, metrics: Metrics): Metrics {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}.${k}`, v]));
}

const MEASURES: Record<ScenarioName, { nodes: number; measure: Measure }> = {
  fanout: { nodes: 1, measure: withCrowd(measureFanout) },
  votes: { nodes: 1, measure: withCrowd(measureVotes) },
  joins: { nodes: 1, measure: measureJoins },
  memory: { nodes: 1, measure: measureMemory },
  cluster: {
    nodes: 3,
    measure: withCrowd(async (dep, pool, s, perWorker) => ({
      ...prefixed('fanout', await measureFanout(dep, pool, s, perWorker)),
      ...prefixed('votes', await measureVotes(dep, pool, s)),
    })),
  },
};

async function onTarget(kind: TargetKind, nodes: number, s: Settings, measure: Measure): Promise<TargetResult> {
  const started = Date.now();
  const load1 = round(loadavg()[0] ?? 0);
  const workers = workersFor(s.n, s.workers);
  s.log(`${kind} (${nodes} node${nodes > 1 ? 's' : ''}), ${s.n} clients over ${workers} workers, load ${load1}`);
  let dep: Deployment | null = null;
  let pool: WorkerPool | null = null;
  try {
    const cpuProfDir = kind === 'baseline' ? undefined : s.cpuProfDir;
    dep = await deploy(kind, { nodes, cpuProfDir, cpu: s.pin === true ? SERVER_CPU : undefined });
    pool = WorkerPool.start(workers);
    const metrics = await measure(dep, pool, s);
    return { nodes, load1, seconds: round((Date.now() - started) / 1000, 1), metrics };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    s.log(`  failed: ${error}`);
    return { nodes, load1, seconds: round((Date.now() - started) / 1000, 1), error };
  } finally {
    // The server first (its profile then holds no disconnect storm), then the clients.
    await dep?.stop();
    await pool?.stop();
    await sleep(s.quick ? 200 : 2000);
  }
}

function ratios(ours: Metrics | undefined, base: Metrics | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!ours || !base) return out;
  for (const [key, value] of Object.entries(ours)) {
    const b = base[key];
    if (isFigure(key) && typeof value === 'number' && typeof b === 'number' && b > 0) out[key] = round(value / b, 2);
  }
  return out;
}

export async function runScenario(
  name: ScenarioName,
  stores: Store[],
  s: Settings,
  earlier: Partial<Record<ScenarioName, ScenarioResult>>,
): Promise<ScenarioResult> {
  const { nodes, measure } = MEASURES[name];
  s.log(`== ${name}: N=${s.n}`);
  const kinds: TargetKind[] = ['baseline', ...stores.filter((k) => name !== 'cluster' || k === 'redis')];
  const result: ScenarioResult = { n: s.n, targets: {}, ratios: {} };
  for (const kind of kinds) result.targets[kind] = await onTarget(kind, nodes, s, measure);
  const base = result.targets.baseline?.metrics;
  for (const store of stores) {
    const ours = result.targets[store]?.metrics;
    if (ours) result.ratios[store] = ratios(ours, base);
  }
  const single = earlier.fanout?.targets.redis?.metrics;
  const cluster = result.targets.redis?.metrics;
  if (name === 'cluster' && single && cluster && earlier.fanout?.n === s.n) {
    result.vsSingleNode = {};
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms', 'lastClientMs']) {
      const one = single[key];
      const three = cluster[`fanout.${key}`];
      if (typeof one === 'number' && typeof three === 'number' && one > 0) {
        result.vsSingleNode[`fanout.${key}`] = round(three / one, 2);
      }
    }
  }
  return result;
}
