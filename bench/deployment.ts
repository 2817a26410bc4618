// A target under test, started and set up: our server (embedded or on Redis, one node or several)
// or the baseline (one node, or several joined by the Redis adapter), with the event, the staff
// tokens and the poll the scenarios use.
import { BENCH_EVENT, BENCH_POLL } from './bench-poll.js';
import { expectJson, request } from './http.js';
import { ADMIN_KEY, RedisProcess, startServer, type Sample, type ServerProcess } from './servers.js';

export type TargetKind = 'baseline' | 'embedded' | 'redis';

export interface Deployment {
  kind: TargetKind;
  nodes: ServerProcess[];
  redis: RedisProcess | null;
  bases: string[];
  eventId: string;
  operatorToken: string;
  screenToken: string;
  openPoll(): Promise<void>;
  sample(gc: boolean): Promise<Sample[]>;
  stop(): Promise<void>;
}

export interface DeployOptions {
  nodes: number;
  cpuProfDir?: string;
  /** The CPU every server node runs on (--pin). */
  cpu?: number;
  /** More environment for our server's nodes. */
  env?: Record<string, string>;
}

async function stopAll(nodes: ServerProcess[], redis: RedisProcess | null): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop()));
  await redis?.stop();
}

export async function deploy(kind: TargetKind, options: DeployOptions): Promise<Deployment> {
  if (kind === 'embedded' && options.nodes > 1) throw new Error('the embedded store is one node');
  const redis = kind === 'redis' || (kind === 'baseline' && options.nodes > 1) ? await RedisProcess.start() : null;
  const started = await Promise.allSettled(
    Array.from({ length: options.nodes }, (_, i) =>
      startServer(kind === 'baseline' ? 'baseline' : 'product', {
        nodeId: `${kind}${i + 1}`,
        redisUrl: redis?.url,
        cpuProfDir: options.cpuProfDir,
        cpu: options.cpu,
        env: options.env,
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
    eventId: BENCH_EVENT,
    sample: (gc: boolean) => Promise.all(nodes.map((n) => n.sample(gc))),
    stop: () => stopAll(nodes, redis),
  };
  if (kind === 'baseline') {
    return { ...common, operatorToken: 'operator', screenToken: 'screen', openPoll: () => Promise.resolve() };
  }
  try {
    const admin = { token: ADMIN_KEY };
    await expectJson(request('POST', `${base}/api/events`, { id: BENCH_EVENT, name: 'Bench' }, admin), 201, 'event');
    const token = async (role: string): Promise<string> => {
      const body = { role, eventId: BENCH_EVENT, name: `Bench ${role}` };
      const res = await expectJson<{ token: string }>(
        request('POST', `${base}/api/auth/token`, body, admin),
        201,
        role,
      );
      return res.token;
    };
    const operatorToken = await token('operator');
    const screenToken = await token('screen');
    const openPoll = async (): Promise<void> => {
      const polls = `${base}/api/events/${BENCH_EVENT}/polls`;
      const op = { token: operatorToken };
      await expectJson(request('POST', polls, BENCH_POLL, op), 201, 'poll:create');
      await expectJson(request('POST', `${polls}/${BENCH_POLL.id}/open`, undefined, op), 200, 'poll:open');
    };
    return { ...common, operatorToken, screenToken, openPoll };
  } catch (err) {
    await stopAll(nodes, redis);
    throw err;
  }
}
