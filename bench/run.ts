// Runs the scenarios: each on the baseline and on our server (embedded, one Redis, a Redis Cluster),
// every target a fresh deployment and fresh workers (one after the other, or, for votes and joins,
// all at once taking turns), and the ratios of our figures to the baseline's.
import { loadavg } from 'node:os';
import { deploy, type Deployment, type TargetKind } from './deployment.js';
import { measureFanout } from './fanout.js';
import { measureJoins, measureMemory } from './joins.js';
import { SERVER_CPU } from './machine.js';
import { WorkerPool, workersFor } from './pool.js';
import {
  errorCount,
  errorText,
  joinCrowd,
  type CrowdFigures,
  type Metrics,
  type Settings,
  type Side,
} from './scenario.js';
import { sleep } from './servers.js';
import { measureStorm } from './storm.js';
import { round } from './stats.js';
import { measureVotes, measureVotesTogether } from './votes.js';
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
/** Measures every target deployed at once, taking turns: the figures of each, in the order given. */
type Together = (sides: Side[], s: Settings) => Promise<Metrics[]>;

/** The crowd's counts, first in the figures. */
function crowdHead(crowd: CrowdFigures): Metrics {
  const joinErrors = errorCount(crowd.errors);
  const head: Metrics = { joined: crowd.joined, connected: crowd.connected, joinErrors };
  if (joinErrors > 0) head.joinErrorCodes = errorText(crowd.errors);
  return head;
}

/** Connects the crowd, then measures. */
function withCrowd(measure: CrowdMeasure): Measure {
  return async (dep, pool, s) => {
    const crowd = await joinCrowd(pool, dep, s);
    return { ...crowdHead(crowd), ...(await measure(dep, pool, s, crowd.perWorker)) };
  };
}

/** Connects each target's crowd (one target after the other), then measures them together. */
function withCrowds(measure: Together): Together {
  return async (sides, s) => {
    const heads: Metrics[] = [];
    for (const { dep, pool } of sides) heads.push(crowdHead(await joinCrowd(pool, dep, s)));
    return (await measure(sides, s)).map((figures, i) => ({ ...heads[i], ...figures }));
  };
}

function prefixed(prefix: string, metrics: Metrics): Metrics {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}.${k}`, v]));
}

type Spec = {
  nodes: number;
  /** Events the crowd is split over (default 1). */
  events?: number;
  /** The targets, in order, for the stores asked. */
  targets: (stores: Store[]) => TargetKind[];
} & (
  | { measure: Measure }
  /**
   * Every target deployed at once and measured in alternating turns, for the capacity figures: the
   * machine's speed drifts by a quarter or more over the minutes one target after another takes,
   * and alternating shares that drift among the targets instead of handing it to one of them.
   */
  | { together: Together }
);

const everyStore = (stores: Store[]): TargetKind[] => ['baseline', ...stores];

const MEASURES: Record<ScenarioName, Spec> = {
  fanout: { nodes: 1, measure: withCrowd(measureFanout), targets: everyStore },
  // On the cluster twice: acks after the replica's WAIT (the default), and without (the cost of durability).
  votes: {
    nodes: 1,
    together: withCrowds(measureVotesTogether),
    targets: (stores) => [
      'baseline',
      ...stores.flatMap((k): TargetKind[] => (k === 'cluster' ? [k, 'cluster-r0'] : [k])),
    ],
  },
  // A quiz question answered by everyone within its time limit, steadily then all at once, and revealed.
  quiz: { nodes: 1, measure: withCrowd(measureQuiz), targets: everyStore },
  joins: { nodes: 1, together: measureJoins, targets: everyStore },
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

/** The line a target (or targets measured together) starts with, and the load it starts at. */
function announce(kinds: TargetKind[], spec: Spec, s: Settings, workers: number): number {
  const { nodes, events } = spec;
  const load1 = round(loadavg()[0] ?? 0);
  const split = events === undefined ? '' : ` in ${events} events`;
  const each = kinds.length > 1 ? ' each' : '';
  s.log(
    `${kinds.join(' + ')} (${nodes} node${nodes > 1 ? 's' : ''}${each}), ${s.n} clients${split}${each} over ${workers} workers${each}, load ${load1}`,
  );
  return load1;
}

function deployFor(kind: TargetKind, spec: Spec, s: Settings): Promise<Deployment> {
  const { nodes, events } = spec;
  return deploy(kind, { nodes, events, cpuProfDir: s.cpuProfDir, cpu: s.pin === true ? SERVER_CPU : undefined });
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Stops the servers first (their profiles then hold no disconnect storm), then the clients. */
async function stopSides(sides: Side[], s: Settings): Promise<void> {
  await Promise.all(sides.map((side) => side.dep.stop()));
  await Promise.all(sides.map((side) => side.pool.stop()));
  await sleep(s.quick ? 200 : 2000);
}

async function onTarget(kind: TargetKind, spec: Spec & { measure: Measure }, s: Settings): Promise<TargetResult> {
  const started = Date.now();
  const workers = workersFor(s.n, s.workers);
  const load1 = announce([kind], spec, s, workers);
  const result = (rest: { metrics: Metrics } | { error: string }): TargetResult => ({
    nodes: spec.nodes,
    load1,
    seconds: round((Date.now() - started) / 1000, 1),
    ...rest,
  });
  const sides: Side[] = [];
  try {
    sides.push({ dep: await deployFor(kind, spec, s), pool: WorkerPool.start(workers) });
    return result({ metrics: await spec.measure(sides[0].dep, sides[0].pool, s) });
  } catch (err) {
    s.log(`  failed: ${message(err)}`);
    return result({ error: message(err) });
  } finally {
    await stopSides(sides, s);
  }
}

/** Every target deployed, each with its workers; measured together; a target that fails to deploy is left out. */
async function onTargetsTogether(
  kinds: TargetKind[],
  spec: Spec & { together: Together },
  s: Settings,
): Promise<Partial<Record<TargetKind, TargetResult>>> {
  const started = Date.now();
  const workers = workersFor(s.n, s.workers);
  const load1 = announce(kinds, spec, s, workers);
  const out: Partial<Record<TargetKind, TargetResult>> = {};
  const set = (kind: TargetKind, rest: { metrics: Metrics } | { error: string }): void => {
    out[kind] = { nodes: spec.nodes, load1, seconds: round((Date.now() - started) / 1000, 1), ...rest };
  };
  const sides: (Side & { kind: TargetKind })[] = [];
  try {
    for (const kind of kinds) {
      try {
        sides.push({ kind, dep: await deployFor(kind, spec, s), pool: WorkerPool.start(workers) });
      } catch (err) {
        s.log(`  ${kind} failed: ${message(err)}`);
        set(kind, { error: message(err) });
      }
    }
    const figures = await spec.together(sides, s);
    sides.forEach((side, i) => set(side.kind, { metrics: figures[i] ?? {} }));
  } catch (err) {
    s.log(`  failed: ${message(err)}`);
    for (const side of sides) set(side.kind, { error: message(err) });
  } finally {
    await stopSides(sides, s);
  }
  // In the order of the targets, as one after the other would be.
  return Object.fromEntries(kinds.flatMap((kind) => (out[kind] ? [[kind, out[kind]]] : [])));
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
  const kinds = spec.targets(stores);
  if ('together' in spec) result.targets = await onTargetsTogether(kinds, spec, s);
  else for (const kind of kinds) result.targets[kind] = await onTarget(kind, spec, s);
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
