// A target under test, started and set up: our server (embedded, on one Redis or on a Redis Cluster,
// one node or several) or the baseline (one node, or several joined by the Redis adapter), with the
// events, the staff tokens and the poll the scenarios use.
import keySlot from 'cluster-key-slot';
import { BENCH_EVENT, BENCH_POLL } from './bench-poll.js';
import { expectJson, request } from './http.js';
import {
  ADMIN_KEY,
  RedisClusterProcess,
  RedisProcess,
  startServer,
  type ClusterPrimary,
  type RedisStore,
  type Sample,
  type ServerProcess,
} from './servers.js';

/** `cluster-r0`: the cluster with REDIS_MIN_REPLICAS=0 (acks do not wait for a replica). */
export type TargetKind = 'baseline' | 'embedded' | 'redis' | 'cluster' | 'cluster-r0';

/** An event of the target, with its staff tokens and the bench poll. */
export interface BenchEvent {
  id: string;
  operatorToken: string;
  screenToken: string;
  openPoll(): Promise<void>;
}

export interface Deployment {
  kind: TargetKind;
  nodes: ServerProcess[];
  redis: RedisStore | null;
  bases: string[];
  /** Every event the crowd is split over (one in most scenarios); the fields below are the first's. */
  events: BenchEvent[];
  eventId: string;
  operatorToken: string;
  screenToken: string;
  openPoll(): Promise<void>;
  sample(gc: boolean): Promise<Sample[]>;
  stop(): Promise<void>;
}

export interface DeployOptions {
  nodes: number;
  /** Events to create (default 1, `bench`); on a cluster each on a primary of its own. */
  events?: number;
  cpuProfDir?: string;
  /** The CPU every server node runs on (--pin). */
  cpu?: number;
  /** More environment for our server's nodes. */
  env?: Record<string, string>;
}

const isCluster = (kind: TargetKind): boolean => kind === 'cluster' || kind === 'cluster-r0';

/**
 * `count` event ids whose `{ev:<id>}` slots fall on `count` different primaries, from the slot
 * ranges the cluster reports: the first `bench-<k>` that lands on each primary in turn.
 */
export function eventsOnPrimaries(primaries: ClusterPrimary[], count: number): string[] {
  if (primaries.length < count) throw new Error(`${count} events need ${count} primaries, not ${primaries.length}`);
  return primaries.slice(0, count).map((primary) => {
    for (let k = 1; k < 100_000; k++) {
      const slot = keySlot(`{ev:bench-${k}}`);
      if (primary.slots.some(([a, b]) => a <= slot && slot <= b)) return `bench-${k}`;
    }
    throw new Error(`no event id lands on the primary ${primary.port}`);
  });
}

async function startStore(kind: TargetKind, nodes: number): Promise<RedisStore | null> {
  if (isCluster(kind)) return RedisClusterProcess.start();
  return kind === 'redis' || (kind === 'baseline' && nodes > 1) ? RedisProcess.start() : null;
}

async function stopAll(nodes: ServerProcess[], redis: RedisStore | null): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop()));
  await redis?.stop();
}

export async function deploy(kind: TargetKind, options: DeployOptions): Promise<Deployment> {
  if (kind === 'embedded' && options.nodes > 1) throw new Error('the embedded store is one node');
  const count = options.events ?? 1;
  if (kind === 'baseline' && count > 1) throw new Error('the baseline serves one event');
  const redis = await startStore(kind, options.nodes);
  const env: Record<string, string> = { ...options.env };
  if (redis instanceof RedisClusterProcess) env.REDIS_CLUSTER_NODES = redis.seeds;
  // The deployment's default on a cluster is 1; cluster-r0 measures acks without the replica's WAIT.
  if (kind === 'cluster-r0') env.REDIS_MIN_REPLICAS = '0';
  const started = await Promise.allSettled(
    Array.from({ length: options.nodes }, (_, i) =>
      startServer(kind === 'baseline' ? 'baseline' : 'product', {
        nodeId: `${kind}${i + 1}`,
        redisUrl: redis instanceof RedisProcess ? redis.url : undefined,
        cpuProfDir: options.cpuProfDir,
        cpu: options.cpu,
        env,
      }),
    ),
  );
  const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll(nodes, redis);
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  const bases = nodes.map((n) => n.url);
  const base = bases[0];
  const common = {
    kind,
    nodes,
    redis,
    bases,
    sample: (gc: boolean) => Promise.all(nodes.map((n) => n.sample(gc))),
    stop: () => stopAll(nodes, redis),
  };
  const deployment = (events: BenchEvent[]): Deployment => {
    const [first] = events;
    if (!first) throw new Error('no event');
    const { operatorToken, screenToken, openPoll } = first;
    return { ...common, events, eventId: first.id, operatorToken, screenToken, openPoll };
  };
  if (kind === 'baseline') {
    const event = {
      id: BENCH_EVENT,
      operatorToken: 'operator',
      screenToken: 'screen',
      openPoll: () => Promise.resolve(),
    };
    return deployment([event]);
  }
  try {
    let ids = count === 1 ? [BENCH_EVENT] : Array.from({ length: count }, (_, i) => `bench-${i + 1}`);
    if (count > 1 && redis instanceof RedisClusterProcess) ids = eventsOnPrimaries(await redis.primaries(), count);
    const events: BenchEvent[] = [];
    for (const id of ids) events.push(await createEvent(base, id));
    return deployment(events);
  } catch (err) {
    await stopAll(nodes, redis);
    throw err;
  }
}

/** Creates the event, its operator's and screen's tokens, and the way to open its poll. */
async function createEvent(base: string, id: string): Promise<BenchEvent> {
  const admin = { token: ADMIN_KEY };
  await expectJson(request('POST', `${base}/api/events`, { id, name: `Bench ${id}` }, admin), 201, 'event');
  const token = async (role: string): Promise<string> => {
    const body = { role, eventId: id, name: `Bench ${role}` };
    const res = await expectJson<{ token: string }>(request('POST', `${base}/api/auth/token`, body, admin), 201, role);
    return res.token;
  };
  const operatorToken = await token('operator');
  const screenToken = await token('screen');
  const openPoll = async (): Promise<void> => {
    const polls = `${base}/api/events/${id}/polls`;
    const op = { token: operatorToken };
    await expectJson(request('POST', polls, BENCH_POLL, op), 201, 'poll:create');
    await expectJson(request('POST', `${polls}/${BENCH_POLL.id}/open`, undefined, op), 200, 'poll:open');
  };
  return { id, operatorToken, screenToken, openPoll };
}
