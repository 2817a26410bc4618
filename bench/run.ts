// Runs the scenarios: each on the baseline and on our server (embedded, one Redis, a Redis Cluster),
// every target a fresh deployment and fresh workers, and the ratios of our figures to the baseline's.
import { loadavg } from 'node:os';
import { deploy, type Deployment, type TargetKind } from './deployment.js';
import { measureFanout } from './fanout.js';
import { measureJoins, measureMemory } from './joins.js';
import { SERVER_CPU } from './machine.js';
import { WorkerPool, workersFor } from './pool.js';
import { errorCount, errorText, joinCrowd, type Metrics, type Settings } from './scenario.js';
import { sleep } from './servers.js';
import { measureStorm } from './storm.js';
import { round } from './stats.js';
import { measureVotes } from './votes.js';
import { measureQuiz } from './quiz.js';

export const SCENARIOS = ['fanout', 'votes', 'quiz', 'joins', 'storm', 'memory', 'cluster', 'events3'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type Store = 'embedded' | 'redis' | 'cluster';
/** Our server's targets: a store, or the cluster without the replica's WAIT (`cluster-r0`). */
export type OurTarget = Exclude<TargetKind, 'baseline'>;

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
  /** Our figure divided by the baseline's, per target. */
  ratios: Partial<Record<OurTarget, Record<string, number>>>;
  /** Cluster only: the 3-node figure divided by the one-node Redis figure of the same run. */
  vsSingleNode?: Record<string, number>;
  /** On a Redis Cluster divided by on one Redis, same run; a shard's CPU per vote by one Redis's. */
  vsRedis?: Record<string, number>;
}

/** Figures worth a ratio: times, rates, sizes, costs (not counts). */
export function isFigure(key: string): boolean {
  return /(Ms|PerSec|KB|MB|PerCue|PerVote|PerAnswer)$/.test(key);
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

interface Spec {
  nodes: number;
  /** Events the crowd is split over (default 1). */
  events?: number;
  measure: Measure;
  /** The targets, in order, for the stores asked. */
  targets: (stores: Store[]) => TargetKind[];
}

const everyStore = (stores: Store[]): TargetKind[] => ['baseline', ...stores];

const MEASURES: Record<ScenarioName, Spec> = {
  fanout: { nodes: 1, measure: withCrowd(measureFanout), targets: everyStore },
  // On the cluster twice: acks after the replica's WAIT (the default), and without (the cost of durability).
  votes: {
    nodes: 1,
    measure: withCrowd(measureVotes),
    targets: (stores) => [
      'baseline',
      ...stores.flatMap((k): TargetKind[] => (k === 'cluster' ? [k, 'cluster-r0'] : [k])),
    ],
  },
  // A quiz question answered by everyone within its time limit, steadily then all at once, and revealed.
  quiz: { nodes: 1, measure: withCrowd(measureQuiz), targets: everyStore },
  joins: { nodes: 1, measure: measureJoins, targets: everyStore },
  // Everyone's socket within 1.5 s, once each: what a node's accept queue and admission take.
  storm: { nodes: 1, measure: measureStorm, targets: everyStore },
  memory: { nodes: 1, measure: measureMemory, targets: everyStore },
  cluster: {
    nodes: 3,
    measure: withCrowd(async (dep, pool, s, perWorker) => ({
      ...prefixed('fanout', await measureFanout(dep, pool, s, perWorker)),
      ...prefixed('votes', await measureVotes(dep, pool, s)),
    })),
    targets: (stores) => ['baseline', ...stores.filter((k) => k !== 'embedded')],
  },
  // Three events at once on one node: one Redis carrying all three against a cluster with one per
  // primary. The baseline serves one event, so the comparison is within our server.
  events3: { nodes: 1, events: 3, measure: withCrowd(measureVotes), targets: () => ['redis', 'cluster'] },
};

/** The scenarios `--scenario all` means for these stores: events3 only with the cluster among them. */
export function allScenarios(stores: Store[]): ScenarioName[] {
  return SCENARIOS.filter((name) => name !== 'events3' || stores.includes('cluster'));
}

async function onTarget(kind: TargetKind, spec: Spec, s: Settings): Promise<TargetResult> {
  const { nodes, events, measure } = spec;
  const started = Date.now();
  const load1 = round(loadavg()[0] ?? 0);
  const workers = workersFor(s.n, s.workers);
  const split = events === undefined ? '' : ` in ${events} events`;
  s.log(
    `${kind} (${nodes} node${nodes > 1 ? 's' : ''}), ${s.n} clients${split} over ${workers} workers, load ${load1}`,
  );
  let dep: Deployment | null = null;
  let pool: WorkerPool | null = null;
  try {
    const cpuProfDir = s.cpuProfDir;
    dep = await deploy(kind, { nodes, events, cpuProfDir, cpu: s.pin === true ? SERVER_CPU : undefined });
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

/** The cluster's figures over one Redis's; a shard's CPU per vote over one Redis's CPU per vote. */
function vsRedis(cluster: Metrics | undefined, redis: Metrics | undefined): Record<string, number> | undefined {
  if (!cluster || !redis) return undefined;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(cluster)) {
    const one = redis[/^shard\d+CpuUsPerVote$/.test(key) ? 'redisCpuUsPerVote' : key];
    if (isFigure(key) && typeof value === 'number' && typeof one === 'number' && one > 0) {
      out[key] = round(value / one, 2);
    }
  }
  return out;
}

export async function runScenario(
  name: ScenarioName,
  stores: Store[],
  s: Settings,
  earlier: Partial<Record<ScenarioName, ScenarioResult>>,
): Promise<ScenarioResult> {
  const spec = MEASURES[name];
  s.log(`== ${name}: N=${s.n}`);
  const result: ScenarioResult = { n: s.n, targets: {}, ratios: {} };
  for (const kind of spec.targets(stores)) result.targets[kind] = await onTarget(kind, spec, s);
  const base = result.targets.baseline?.metrics;
  for (const [kind, target] of Object.entries(result.targets) as [TargetKind, TargetResult][]) {
    if (kind !== 'baseline' && target.metrics && base) result.ratios[kind] = ratios(target.metrics, base);
  }
  const compared = vsRedis(result.targets.cluster?.metrics, result.targets.redis?.metrics);
  if (compared) result.vsRedis = compared;
  // The 3-node cluster scenario against the 1-node fanout of the same run, on the same store.
  const store = result.targets.redis ? 'redis' : 'cluster';
  const single = earlier.fanout?.targets[store]?.metrics;
  const cluster = result.targets[store]?.metrics;
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
