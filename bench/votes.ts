// Votes: the audience votes on an open poll at an offered rate, then a quarter change their vote
// at that rate, then everyone changes at once (the burst shows the capacity). Then a screen must
// show the exact final tally: the time from the last ack until it does.
import { BENCH_OPTIONS, BENCH_POLL } from './bench-poll.js';
import type { Deployment } from './deployment.js';
import type { VoteResult } from './ipc.js';
import type { WorkerPool } from './pool.js';
import { cpuBetween, errorCount, errorText, type Metrics, type Settings } from './scenario.js';
import { sleep } from './servers.js';
import { addCounts, distribution, merge, round } from './stats.js';
import { nowUs, socketUrl, WireClient } from './wire.js';

interface Phase {
  name: 'paced' | 'change' | 'burst';
  shift: number;
  every: number;
  paced: boolean;
}
const PHASES: Phase[] = [
  { name: 'paced', shift: 0, every: 1, paced: true },
  { name: 'change', shift: 1, every: 4, paced: true },
  { name: 'burst', shift: 2, every: 1, paced: false },
];

interface TallyFrame {
  atUs: number;
  total: number;
  counts: Record<string, number>;
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

export async function measureVotes(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  await dep.openPoll();
  const tallies: TallyFrame[] = [];
  const onEvent = (name: string, frame: string, atUs: number): void => {
    if (name !== 'poll:tally') return;
    const [, tally] = JSON.parse(frame.slice(2)) as [string, { total: number; counts: Record<string, number> }];
    tallies.push({ atUs, total: tally.total, counts: tally.counts });
  };
  const screen = await WireClient.connect(
    socketUrl(dep.bases[0]),
    dep.screenToken,
    { onEvent },
    {
      untilEvent: 'state',
    },
  );
  try {
    const metrics: Metrics = {};
    const errors: Record<string, number> = {};
    let sent = 0;
    let acked = 0;
    let last: VoteResult[] = [];
    const cpuBefore = await dep.sample(false);
    const windowFrom = nowUs();
    const redisBefore = (await dep.redis?.cpuUs()) ?? 0;
    for (const phase of PHASES) {
      last = await pool.all<'vote'>(() => ({
        cmd: 'vote',
        pollId: BENCH_POLL.id,
        options: BENCH_OPTIONS,
        shift: phase.shift,
        every: phase.every,
        rate: phase.paced ? s.rate / pool.size : 0,
        timeoutMs: 60_000,
      }));
      for (const r of last) {
        sent += r.sent;
        acked += r.acked;
        addCounts(errors, r.errors);
      }
      Object.assign(metrics, phaseMetrics(phase.name, last));
      s.log(`  votes ${phase.name}: ${last.reduce((n, r) => n + r.acked, 0)} acked`);
      // Let the last phase's tallies settle before the next burst.
      await sleep(s.quick ? 100 : 500);
    }
    const cpuAfter = await dep.sample(false);
    // For `profile-summary --window`: the monotonic span of the three phases.
    s.log(`  votes window (monotonic µs): ${Math.round(windowFrom)}-${Math.round(nowUs())}`);
    const redisAfter = (await dep.redis?.cpuUs()) ?? 0;
    // The exact final tally: every voter's last acked vote.
    const counts: Record<string, number> = {};
    for (const r of last) addCounts(counts, r.counts);
    const voters = last.reduce((n, r) => n + r.voters, 0);
    const lastAck = Math.max(...last.map((r) => r.lastAckUs));
    const burstStart = Math.min(...last.map((r) => r.firstSendUs));
    const deadline = nowUs() + 10e6;
    let exact: TallyFrame | undefined;
    while (nowUs() < deadline) {
      exact = tallies.find((t) => t.total === voters && sameCounts(t.counts, counts) && t.atUs >= burstStart);
      if (exact) break;
      await sleep(20);
    }
    const finalTally = tallies.at(-1);
    return {
      sent,
      acked,
      errors: errorCount(errors),
      ...(errorCount(errors) > 0 ? { errorCodes: errorText(errors) } : {}),
      ...metrics,
      tallyExact: exact !== undefined,
      tallyAfterLastAckMs: exact ? round(Math.max(0, exact.atUs - lastAck) / 1000) : -1,
      finalTotal: finalTally?.total ?? 0,
      voters,
      serverCpuUsPerVote: round(cpuBetween(cpuBefore, cpuAfter) / Math.max(1, acked), 1),
      ...(dep.redis ? { redisCpuUsPerVote: round((redisAfter - redisBefore) / Math.max(1, acked), 1) } : {}),
    };
  } finally {
    await screen.close();
  }
}
