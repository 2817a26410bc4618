// Flood: one audience member sends commands as fast as it can while N others vote at a paced rate.
// Reports the others' ack latency without and with the flooder, and what the flooder got: on our
// server with the default per-person limits and, for comparison, with them lifted.
//   npm run -s build && npm run -s build:bench && node dist-bench/flood.js --n 300
import { parseArgs } from 'node:util';
import { BENCH_EVENT, BENCH_OPTIONS, BENCH_POLL } from './bench-poll.js';
import { deploy, type Deployment } from './deployment.js';
import { field, request } from './http.js';
import type { VoteResult } from './ipc.js';
import { WorkerPool, workersFor } from './pool.js';
import { block, type Column } from './report.js';
import { cpuBetween, errorCount, joinCrowd, type Metrics, type Settings } from './scenario.js';
import { round } from './stats.js';
import { phaseMetrics } from './votes.js';
import { ackError, socketUrl, WireClient } from './wire.js';

/** Commands the flooder keeps in flight: as fast as acks come back, without unbounded buffering. */
const WINDOW = 64;
const LIFTED = { COMMAND_RATE: '1000000', COMMAND_BURST: '1000000', SYNC_LIMIT: '1000000' };

/**
 * One audience member sending poll:vote, reaction:send and state:sync in turn, flat out; when the
 * server disconnects it, it connects again at once, as often as it takes.
 */
class Flooder {
  sent = 0;
  ok = 0;
  limited = 0;
  other = 0;
  reconnects = 0;
  handshakesRefused = 0;
  private running = false;
  private startedAt = 0;
  private stoppedAt = 0;
  private done: Promise<void> = Promise.resolve();
  private reconnecting: Promise<void> | null = null;

  constructor(
    private wire: WireClient,
    private readonly url: string,
    private readonly token: string,
  ) {}

  start(): void {
    this.running = true;
    this.startedAt = Date.now();
    this.done = Promise.all(Array.from({ length: WINDOW }, () => this.lane())).then(() => undefined);
  }

  async stop(): Promise<Metrics> {
    this.running = false;
    await this.done;
    this.stoppedAt = Date.now();
    const seconds = Math.max(0.001, (this.stoppedAt - this.startedAt) / 1000);
    return {
      flooderSent: this.sent,
      flooderPerSec: Math.round(this.sent / seconds),
      flooderOk: this.ok,
      flooderRateLimited: this.limited,
      flooderOther: this.other,
      flooderReconnects: this.reconnects,
      flooderHandshakesRefused: this.handshakesRefused,
    };
  }

  private reconnect(): Promise<void> {
    this.reconnecting ??= (async () => {
      while (this.running) {
        try {
          this.wire = await WireClient.connect(this.url, this.token, {}, { untilEvent: 'state' });
          this.reconnects++;
          return;
        } catch {
          this.handshakesRefused++;
        }
      }
    })().finally(() => (this.reconnecting = null));
    return this.reconnecting;
  }

  private async lane(): Promise<void> {
    while (this.running) {
      if (this.wire.closed) {
        await this.reconnect();
        continue;
      }
      const i = this.sent++;
      const wire = this.wire;
      const ack = await (i % 3 === 0
        ? wire.emitAck('poll:vote', { pollId: BENCH_POLL.id, optionIds: [BENCH_OPTIONS[i % BENCH_OPTIONS.length]] })
        : i % 3 === 1
          ? wire.emitAck('reaction:send', { emoji: '🔥' })
          : wire.emitAck('state:sync', {}));
      const code = ack.body === 'TIMEOUT' || ack.body === 'CLOSED' ? ack.body : ackError(ack.body);
      if (code === null) this.ok++;
      else if (code === 'RATE_LIMITED') this.limited++;
      else this.other++;
    }
  }
}

async function votePhase(pool: WorkerPool, s: Settings, rounds: number, from: number): Promise<VoteResult[]> {
  const all: VoteResult[] = [];
  for (let r = 0; r < rounds; r++) {
    const shift = from + r;
    all.push(
      ...(await pool.all<'vote'>(() => ({
        cmd: 'vote',
        pollId: BENCH_POLL.id,
        options: BENCH_OPTIONS,
        shift,
        every: 1,
        rate: s.rate / pool.size,
        timeoutMs: 60_000,
      }))),
    );
  }
  return all;
}

async function joinFlooder(dep: Deployment): Promise<Flooder> {
  const url = `${dep.bases[0]}/api/events/${BENCH_EVENT}/join`;
  const res = await request('POST', url, { name: 'Flooder' });
  const token = field(res.text, 'token');
  if (res.status !== 201 || token === null) throw new Error(`flooder join: HTTP ${res.status}`);
  const socket = socketUrl(dep.bases[0]);
  return new Flooder(await WireClient.connect(socket, token, {}, { untilEvent: 'state' }), socket, token);
}

async function measure(
  kind: 'embedded' | 'redis',
  env: Record<string, string>,
  s: Settings,
  rounds: number,
): Promise<Metrics> {
  const dep = await deploy(kind, { nodes: 1, env });
  const pool = WorkerPool.start(workersFor(s.n, s.workers));
  try {
    const crowd = await joinCrowd(pool, dep, s);
    await dep.openPoll();
    const flooder = await joinFlooder(dep);
    const quietFrom = { at: Date.now(), cpu: await dep.sample(false) };
    const quiet = await votePhase(pool, s, rounds, 0);
    const before = await dep.sample(false);
    const quietSeconds = Math.max(0.001, (Date.now() - quietFrom.at) / 1000);
    const startedAt = Date.now();
    flooder.start();
    const flooded = await votePhase(pool, s, rounds, rounds);
    const figures = await flooder.stop();
    const after = await dep.sample(false);
    const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
    const errors = [...quiet, ...flooded].reduce((n, r) => n + errorCount(r.errors), 0);
    return {
      connected: crowd.connected,
      ...phaseMetrics('quiet', quiet),
      ...phaseMetrics('flood', flooded),
      othersErrors: errors,
      ...figures,
      serverCpuPctQuiet: round(cpuBetween(quietFrom.cpu, before) / 1e4 / quietSeconds, 1),
      serverCpuPctFlood: round(cpuBetween(before, after) / 1e4 / seconds, 1),
    };
  } finally {
    await dep.stop();
    await pool.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '300' },
      rate: { type: 'string', default: '150' },
      rounds: { type: 'string', default: '3' },
      store: { type: 'string', default: 'both' },
    },
  });
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const rate = Number(values.rate);
  const s: Settings = { n: Number(values.n), quick: true, cues: 1, rate, steadyRate: rate, concurrency: 50, log };
  const rounds = Number(values.rounds);
  const stores = values.store === 'both' ? (['embedded', 'redis'] as const) : [values.store as 'embedded' | 'redis'];
  const columns: Column[] = [];
  for (const kind of stores) {
    for (const [label, env] of [
      ['limits', {}],
      ['lifted', LIFTED],
    ] as const) {
      log(`${kind}, ${label}: N=${s.n}, ${s.rate} votes/s, ${rounds} rounds a phase`);
      columns.push({ name: `${kind} ${label}`, values: await measure(kind, env, s, rounds) });
    }
  }
  process.stdout.write(`${block(`flood  N=${s.n}  rate=${s.rate}/s  rounds=${rounds}`, columns)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
