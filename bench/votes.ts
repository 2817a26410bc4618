// Votes: the audience votes on an open poll at a steady rate the baseline answers within 50 ms (its
// ack p99 is the latency compared), then everyone changes their vote at the offered rate (three
// runs, the median rate), then a quarter change at that rate, then everyone changes at once (the
// burst shows the capacity; six runs). Then a screen must show the exact final tally: the time
// from the last ack until it does. With the crowd split over several events (events3), each event
// has its poll and its screen, and all vote at once. Several targets measured together (the votes
// scenario) take turns run by run.
import keySlot from 'cluster-key-slot';
import { BENCH_OPTIONS, BENCH_POLL } from './bench-poll.js';
import type { BenchEvent, Deployment } from './deployment.js';
import type { VoteResult } from './ipc.js';
import type { WorkerPool } from './pool.js';
import type { Broadcast, Tally } from './protocol.js';
import { cpuBetween, errorFigures, type Metrics, type Settings, type Side } from './scenario.js';
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
 * The capacity phases run several times each and report the median rate (paced three runs, burst
 * six): on a small machine where the clients share the server's cores one run moves by 20% or
 * more either way. Runs of a phase are a multiple of the targets taking turns (three, or two and
 * three), so each target goes first, in the middle and last of a round equally often.
 */
const PHASES: Phase[] = [
  { name: 'steady', shifts: [3], every: 1, rate: (s) => s.steadyRate },
  { name: 'paced', shifts: [0, 1, 2], every: 1, rate: (s) => s.rate },
  { name: 'change', shifts: [3], every: 4, rate: (s) => s.rate },
  { name: 'burst', shifts: [0, 1, 2, 3, 0, 1], every: 1, rate: () => 0 },
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
    [`${name}AcksPerSec`]: Math.round(median(rates)),
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

/** Adds each redis-server's CPU between two samples into `used` (by port, with its role). */
function addRedisUsed(used: Map<number, RedisNodeCpu>, before: RedisNodeCpu[], after: RedisNodeCpu[]): void {
  for (const n of after) {
    const delta = n.cpuUs - (before.find((b) => b.port === n.port)?.cpuUs ?? 0);
    used.set(n.port, { ...n, cpuUs: (used.get(n.port)?.cpuUs ?? 0) + delta });
  }
}

/** CPU used, summed over the primaries or over the replicas. */
function byRole(used: Map<number, RedisNodeCpu>, primary: boolean): number {
  return [...used.values()].filter((n) => n.primary === primary).reduce((us, n) => us + n.cpuUs, 0);
}

/**
 * Redis' CPU with the crowd connected and nobody voting (cluster bus and replication pings, the
 * nodes' slot refreshes), in % of a core: the per-vote figures below carry it too, over their window.
 */
async function redisIdle(store: RedisStore, ms: number): Promise<Metrics> {
  const before = await store.cpuByNode();
  const from = nowUs();
  await sleep(ms);
  const used = new Map<number, RedisNodeCpu>();
  addRedisUsed(used, before, await store.cpuByNode());
  const pct = (us: number): number => round((100 * us) / (nowUs() - from), 2);
  return {
    redisIdleCpuPct: pct(byRole(used, true)),
    ...([...used.values()].some((n) => !n.primary) ? { replicaIdleCpuPct: pct(byRole(used, false)) } : {}),
  };
}

/** CPU per vote of the redis-servers: primaries and replicas apart, and each event's primary (shard). */
async function redisFigures(
  store: RedisStore,
  used: Map<number, RedisNodeCpu>,
  acked: number,
  byEvent: VoteResult['byEvent'],
  events: BenchEvent[],
): Promise<Metrics> {
  const perVote = (us: number, votes: number): number => round(us / Math.max(1, votes), 1);
  const out: Metrics = { redisCpuUsPerVote: perVote(byRole(used, true), acked) };
  if ([...used.values()].some((n) => !n.primary)) out.replicaCpuUsPerVote = perVote(byRole(used, false), acked);
  // Several events on a cluster: each on its own primary, whose CPU carries that event's votes alone.
  if (events.length > 1 && used.size > 1) {
    for (const [i, event] of events.entries()) {
      const port = await store.primaryFor(`{ev:${event.id}}`);
      out[`shard${i + 1}CpuUsPerVote`] = perVote(used.get(port)?.cpuUs ?? 0, byEvent[event.id]?.acked ?? 0);
    }
  }
  return out;
}

const closeScreens = (screens: Screen[]): Promise<void[]> =>
  Promise.all(screens.map((screen) => screen.client.close()));

/**
 * One target's votes: its screens, its runs, and the CPU (servers', redis-servers') of its own runs
 * alone, each sampled around the run and its settling pause, so targets can take turns.
 */
class VoteTarget {
  private readonly phases = new Map<Phase['name'], { runs: VoteResult[][]; serverUs: number }>();
  private readonly errors: Record<string, number> = {};
  private readonly byEvent: VoteResult['byEvent'] = {};
  private readonly redisUsed = new Map<number, RedisNodeCpu>();
  private last: VoteResult[] = [];
  private sent = 0;
  private acked = 0;
  private window = { from: Infinity, to: 0 };

  private constructor(
    private readonly side: Side,
    private readonly s: Settings,
    private readonly screens: Screen[],
    private readonly idle: Metrics,
  ) {}

  static async open(side: Side, s: Settings): Promise<VoteTarget> {
    const { dep } = side;
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
      const idle = dep.redis ? await redisIdle(dep.redis, s.quick ? 500 : 2000) : {};
      return new VoteTarget(side, s, screens, idle);
    } catch (err) {
      await closeScreens(screens);
      throw err;
    }
  }

  async run(phase: Phase, shift: number): Promise<void> {
    const { dep, pool } = this.side;
    const { s } = this;
    const cpuBefore = await dep.sample(false);
    const redisBefore = (await dep.redis?.cpuByNode()) ?? [];
    const from = nowUs();
    const results = await pool.all<'vote'>(() => ({
      cmd: 'vote',
      pollId: BENCH_POLL.id,
      options: BENCH_OPTIONS,
      shift,
      every: phase.every,
      rate: phase.rate(s) / pool.size,
      timeoutMs: 60_000,
    }));
    for (const r of results) {
      this.sent += r.sent;
      this.acked += r.acked;
      addCounts(this.errors, r.errors);
      for (const [id, e] of Object.entries(r.byEvent)) (this.byEvent[id] ??= { acked: 0, counts: {} }).acked += e.acked;
    }
    const runAcked = results.reduce((n, r) => n + r.acked, 0);
    const to = nowUs();
    s.log(`  ${dep.kind} votes ${phase.name}: ${runAcked} acked (monotonic µs ${Math.round(from)}-${Math.round(to)})`);
    this.window = { from: Math.min(this.window.from, from), to };
    // Let the run's tallies settle before the next: the server's CPU in the pause is its idle cost.
    await sleep(s.quick ? 100 : 500);
    const entry = this.phases.get(phase.name) ?? { runs: [], serverUs: 0 };
    entry.runs.push(results);
    entry.serverUs += cpuBetween(cpuBefore, await dep.sample(false));
    this.phases.set(phase.name, entry);
    if (dep.redis) addRedisUsed(this.redisUsed, redisBefore, await dep.redis.cpuByNode());
    this.last = results;
  }

  async figures(): Promise<Metrics> {
    const { dep } = this.side;
    const metrics: Metrics = {};
    let serverUs = 0;
    for (const [name, { runs, serverUs: phaseUs }] of this.phases) {
      serverUs += phaseUs;
      Object.assign(metrics, phaseFigures(name, runs));
      const all = runs.flat();
      const phaseAcked = all.reduce((n, r) => n + r.acked, 0);
      const perVote = (total: number, digits: number): number => round(total / Math.max(1, phaseAcked), digits);
      metrics[`${name}ServerCpuUsPerVote`] = perVote(phaseUs, 1);
      metrics[`${name}ClientCpuUsPerVote`] = perVote(
        all.reduce((n, r) => n + r.cpuUs, 0),
        1,
      );
      metrics[`${name}FramesInPerVote`] = perVote(
        all.reduce((n, r) => n + r.framesIn, 0),
        2,
      );
      metrics[`${name}BytesInPerVote`] = perVote(
        all.reduce((n, r) => n + r.bytesIn, 0),
        0,
      );
    }
    // For `profile-summary --window`: from its first run to its last (other targets' turns between).
    this.s.log(
      `  ${dep.kind} votes window (monotonic µs): ${Math.round(this.window.from)}-${Math.round(this.window.to)}`,
    );
    const tally = await this.finalTally();
    const { sent, acked, errors } = this;
    return {
      sent,
      acked,
      ...errorFigures(errors),
      ...metrics,
      ...tally,
      serverCpuUsPerVote: round(serverUs / Math.max(1, acked), 1),
      ...(dep.redis ? await redisFigures(dep.redis, this.redisUsed, acked, this.byEvent, dep.events) : {}),
      ...this.idle,
    };
  }

  /** The exact final tally of each event (every voter's last acked vote) on its screen: when, after the last ack. */
  private async finalTally(): Promise<Metrics> {
    const { last, screens } = this;
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
      tallyExact,
      tallyAfterLastAckMs: tallyExact ? round(Math.max(0, Math.max(...exactAt.values()) - lastAck) / 1000) : -1,
      finalTotal: screens.reduce((n, screen) => n + (screen.tallies.at(-1)?.total ?? 0), 0),
      voters,
    };
  }

  close(): Promise<void[]> {
    return closeScreens(this.screens);
  }
}

/**
 * The targets' votes in turns: each run (phase and shift) on every target before the next run, each
 * round started by the next target, so a drift of the machine's speed is shared among them.
 */
export async function measureVotesTogether(sides: Side[], s: Settings): Promise<Metrics[]> {
  const targets: VoteTarget[] = [];
  try {
    for (const side of sides) targets.push(await VoteTarget.open(side, s));
    let turn = 0;
    for (const phase of PHASES) {
      for (const shift of phase.shifts) {
        for (let k = 0; k < targets.length; k++) await targets[(turn + k) % targets.length]?.run(phase, shift);
        turn++;
      }
    }
    const figures: Metrics[] = [];
    for (const target of targets) figures.push(await target.figures());
    return figures;
  } finally {
    await Promise.all(targets.map((target) => target.close()));
  }
}

/** One target's votes (the cluster and events3 scenarios). */
export async function measureVotes(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  const [figures] = await measureVotesTogether([{ dep, pool }], s);
  return figures ?? {};
}
