// Votes: the audience votes on an open poll at a steady rate the baseline answers within 50 ms (its
// ack p99 is the latency compared), then everyone changes their vote at the offered rate (three
// runs, the median rate), then a quarter change at that rate, then everyone changes at once (the
// burst shows the capacity; three runs too). Then a screen must show the exact final tally: the
// time from the last ack until it does. With the crowd split over
// several events (events3), each event has its poll and its screen, and all vote at once.
import keySlot from 'cluster-key-slot';
import { BENCH_OPTIONS, BENCH_POLL } from './bench-poll.js';
import type { BenchEvent, Deployment } from './deployment.js';
import type { VoteResult } from './ipc.js';
import type { WorkerPool } from './pool.js';
import type { Broadcast, Tally } from './protocol.js';
import { cpuBetween, errorCount, errorText, type Metrics, type Settings } from './scenario.js';
import { sleep, type RedisNodeCpu, type RedisStore } from './servers.js';
import { addCounts, distribution, median, merge, round } from './stats.js';
import { nowUs, payloadOf, socketUrl, WireClient } from './wire.js';

interface Phase {
  name: 'steady' | 'paced' | 'change' | 'burst';
  /** One run per shift: each run moves every voter to another option than the run before. */
  shifts: number[];
  every: number;
  /** Votes per second offered, over all workers; 0: all at once. */
  rate: (s: Settings) => number;
}
/**
 * The capacity phases (paced, burst) run three times each and report the median rate: on a small
 * machine where the clients share the server's cores one run moves by 20% or more either way.
 */
const PHASES: Phase[] = [
  { name: 'steady', shifts: [3], every: 1, rate: (s) => s.steadyRate },
  { name: 'paced', shifts: [0, 1, 2], every: 1, rate: (s) => s.rate },
  { name: 'change', shifts: [3], every: 4, rate: (s) => s.rate },
  { name: 'burst', shifts: [0, 1, 2], every: 1, rate: () => 0 },
];

/** A tally a screen was sent, with the time it arrived. */
interface TallyFrame extends Pick<Tally, 'total' | 'counts'> {
  atUs: number;
}

export function phaseMetrics(name: string, results: VoteResult[]): Metrics {
  const first = Math.min(...results.map((r) => r.firstSendUs));
  const last = Math.max(...results.map((r) => r.lastAckUs));
  const acked = results.reduce((n, r) => n + r.acked, 0);
  const d = distribution(merge(results.map((r) => r.latUs)));
  const seconds = (last - first) / 1e6;
  return {
    [`${name}AcksPerSec`]: seconds > 0 ? Math.round(acked / seconds) : 0,
    [`${name}AckP50Ms`]: round(d.p50),
    [`${name}AckP99Ms`]: round(d.p99),
    [`${name}AckMaxMs`]: round(d.max),
  };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  return BENCH_OPTIONS.every((o) => (a[o] ?? 0) === (b[o] ?? 0));
}

/**
 * A phase of one or more runs: the median run's rate (each run's acks over its own span), the
 * latencies of all runs together, and each run's rate beside (`<phase>Runs`).
 */
function phaseFigures(name: string, runs: VoteResult[][]): Metrics {
  const rates = runs.map((run) => Number(phaseMetrics(name, run)[`${name}AcksPerSec`]));
  return {
    ...phaseMetrics(name, runs.flat()),
    [`${name}AcksPerSec`]: median(rates),
    ...(runs.length > 1 ? { [`${name}Runs`]: rates.join(' / ') } : {}),
  };
}

/** One screen per event: the tallies it was sent. */
interface Screen {
  eventId: string;
  tallies: TallyFrame[];
  client: WireClient;
}

async function connectScreen(dep: Deployment, event: BenchEvent): Promise<Screen> {
  const tallies: TallyFrame[] = [];
  const onEvent = (name: Broadcast, frame: string, atUs: number): void => {
    if (name !== 'poll:tally') return;
    const tally = payloadOf(name, frame);
    tallies.push({ atUs, total: tally.total, counts: tally.counts });
  };
  const client = await WireClient.connect(
    socketUrl(dep.bases[0]),
    event.screenToken,
    { onEvent },
    { untilEvent: 'state' },
  );
  return { eventId: event.id, tallies, client };
}

/** Redis CPU between two samples: per node, and summed over the primaries and over the replicas. */
function redisUsed(
  before: RedisNodeCpu[],
  after: RedisNodeCpu[],
): { byPort: Map<number, number>; primaries: number; replicas: number } {
  const byPort = new Map(after.map((n) => [n.port, n.cpuUs - (before.find((b) => b.port === n.port)?.cpuUs ?? 0)]));
  const sum = (primary: boolean): number =>
    after.filter((n) => n.primary === primary).reduce((us, n) => us + (byPort.get(n.port) ?? 0), 0);
  return { byPort, primaries: sum(true), replicas: sum(false) };
}

/**
 * Redis' CPU with the crowd connected and nobody voting (cluster bus and replication pings, the
 * nodes' slot refreshes), in % of a core: the per-vote figures below carry it too, over their window.
 */
async function redisIdle(store: RedisStore, ms: number): Promise<Metrics> {
  const before = await store.cpuByNode();
  const from = nowUs();
  await sleep(ms);
  const after = await store.cpuByNode();
  const used = redisUsed(before, after);
  const pct = (us: number): number => round((100 * us) / (nowUs() - from), 2);
  return {
    redisIdleCpuPct: pct(used.primaries),
    ...(after.some((n) => !n.primary) ? { replicaIdleCpuPct: pct(used.replicas) } : {}),
  };
}

/** CPU per vote of the redis-servers: primaries and replicas apart, and each event's primary (shard). */
async function redisFigures(
  store: RedisStore,
  before: RedisNodeCpu[],
  after: RedisNodeCpu[],
  acked: number,
  byEvent: VoteResult['byEvent'],
  events: BenchEvent[],
): Promise<Metrics> {
  const used = redisUsed(before, after);
  const perVote = (us: number, votes: number): number => round(us / Math.max(1, votes), 1);
  const out: Metrics = { redisCpuUsPerVote: perVote(used.primaries, acked) };
  if (after.some((n) => !n.primary)) out.replicaCpuUsPerVote = perVote(used.replicas, acked);
  // Several events on a cluster: each on its own primary, whose CPU carries that event's votes alone.
  if (events.length > 1 && after.length > 1) {
    for (const [i, event] of events.entries()) {
      const port = await store.primaryFor(`{ev:${event.id}}`);
      out[`shard${i + 1}CpuUsPerVote`] = perVote(used.byPort.get(port) ?? 0, byEvent[event.id]?.acked ?? 0);
    }
  }
  return out;
}

export async function measureVotes(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  for (const event of dep.events) await event.openPoll();
  if (dep.events.length > 1 && dep.redis) {
    // Where each event lives, to check the shards are distinct (the ids come from CLUSTER SLOTS).
    const where = dep.events.map(
      async (e) => `${e.id} slot ${keySlot(`{ev:${e.id}}`)} on :${await dep.redis?.primaryFor(`{ev:${e.id}}`)}`,
    );
    s.log(`  events: ${(await Promise.all(where)).join(', ')}`);
  }
  const screens: Screen[] = [];
  try {
    for (const event of dep.events) screens.push(await connectScreen(dep, event));
    const metrics: Metrics = {};
    const errors: Record<string, number> = {};
    let sent = 0;
    let acked = 0;
    let last: VoteResult[] = [];
    const byEvent: VoteResult['byEvent'] = {};
    const idle = dep.redis ? await redisIdle(dep.redis, s.quick ? 500 : 2000) : {};
    const cpuBefore = await dep.sample(false);
    const windowFrom = nowUs();
    const redisBefore = (await dep.redis?.cpuByNode()) ?? [];
    for (const phase of PHASES) {
      const phaseCpu = await dep.sample(false);
      const runs: VoteResult[][] = [];
      for (const shift of phase.shifts) {
        const runFrom = nowUs();
        last = await pool.all<'vote'>(() => ({
          cmd: 'vote',
          pollId: BENCH_POLL.id,
          options: BENCH_OPTIONS,
          shift,
          every: phase.every,
          rate: phase.rate(s) / pool.size,
          timeoutMs: 60_000,
        }));
        runs.push(last);
        for (const r of last) {
          sent += r.sent;
          acked += r.acked;
          addCounts(errors, r.errors);
          for (const [id, e] of Object.entries(r.byEvent)) (byEvent[id] ??= { acked: 0, counts: {} }).acked += e.acked;
        }
        const runAcked = last.reduce((n, r) => n + r.acked, 0);
        s.log(`  votes ${phase.name}: ${runAcked} acked (monotonic µs ${Math.round(runFrom)}-${Math.round(nowUs())})`);
        // Let the run's tallies settle before the next.
        await sleep(s.quick ? 100 : 500);
      }
      Object.assign(metrics, phaseFigures(phase.name, runs));
      const all = runs.flat();
      const phaseAcked = all.reduce((n, r) => n + r.acked, 0);
      const perVote = (total: number, digits: number): number => round(total / Math.max(1, phaseAcked), digits);
      // The settling pauses are in the window: the server's CPU in them is its idle cost.
      metrics[`${phase.name}ServerCpuUsPerVote`] = perVote(cpuBetween(phaseCpu, await dep.sample(false)), 1);
      metrics[`${phase.name}ClientCpuUsPerVote`] = perVote(
        all.reduce((n, r) => n + r.cpuUs, 0),
        1,
      );
      metrics[`${phase.name}FramesInPerVote`] = perVote(
        all.reduce((n, r) => n + r.framesIn, 0),
        2,
      );
      metrics[`${phase.name}BytesInPerVote`] = perVote(
        all.reduce((n, r) => n + r.bytesIn, 0),
        0,
      );
    }
    const cpuAfter = await dep.sample(false);
    // For `profile-summary --window`: the monotonic span of the three phases.
    s.log(`  votes window (monotonic µs): ${Math.round(windowFrom)}-${Math.round(nowUs())}`);
    const redisAfter = (await dep.redis?.cpuByNode()) ?? [];
    // The exact final tally of each event: every voter's last acked vote.
    const voters = last.reduce((n, r) => n + r.voters, 0);
    const lastAck = Math.max(...last.map((r) => r.lastAckUs));
    const burstStart = Math.min(...last.map((r) => r.firstSendUs));
    const expected = new Map<string, Record<string, number>>();
    for (const r of last) {
      for (const [id, e] of Object.entries(r.byEvent)) expected.set(id, addCounts(expected.get(id) ?? {}, e.counts));
    }
    const exactAt = new Map<string, number>();
    const deadline = nowUs() + 10e6;
    while (nowUs() < deadline && exactAt.size < screens.length) {
      for (const screen of screens) {
        const counts = expected.get(screen.eventId) ?? {};
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const exact = screen.tallies.find(
          (t) => t.total === total && sameCounts(t.counts, counts) && t.atUs >= burstStart,
        );
        if (exact) exactAt.set(screen.eventId, exact.atUs);
      }
      await sleep(20);
    }
    const tallyExact = exactAt.size === screens.length;
    return {
      sent,
      acked,
      errors: errorCount(errors),
      ...(errorCount(errors) > 0 ? { errorCodes: errorText(errors) } : {}),
      ...metrics,
      tallyExact,
      tallyAfterLastAckMs: tallyExact ? round(Math.max(0, Math.max(...exactAt.values()) - lastAck) / 1000) : -1,
      finalTotal: screens.reduce((n, screen) => n + (screen.tallies.at(-1)?.total ?? 0), 0),
      voters,
      serverCpuUsPerVote: round(cpuBetween(cpuBefore, cpuAfter) / Math.max(1, acked), 1),
      ...(dep.redis ? await redisFigures(dep.redis, redisBefore, redisAfter, acked, byEvent, dep.events) : {}),
      ...idle,
    };
  } finally {
    await Promise.all(screens.map((screen) => screen.client.close()));
  }
}
