// Fan-out: an operator sends stage cues to N connected audience members. Each cue's body carries
// its send time on the machine's monotonic clock; each client notes its receipt on the same clock.
import { CUE_MARK } from './crowd.js';
import type { Deployment } from './deployment.js';
import type { WorkerPool } from './pool.js';
import type { CommandPayload } from './protocol.js';
import { cpuBetween, type Metrics, type Settings } from './scenario.js';
import { sleep } from './servers.js';
import { distribution, median, merge, round } from './stats.js';
import { ackError, nowUs, socketUrl, WireClient } from './wire.js';

const WARM_UP = 2;

/** Resolves when every worker with clients has reported all of them got `cue` (or at the deadline). */
function delivered(pool: WorkerPool, perWorker: number[], cue: number, timeoutMs: number): Promise<boolean> {
  const waiting = new Set(perWorker.flatMap((n, w) => (n > 0 ? [w] : [])));
  return new Promise<boolean>((resolve) => {
    if (waiting.size === 0) return resolve(true);
    const timer = setTimeout(() => finish(false), timeoutMs);
    const off = pool.on((worker, event) => {
      if (event.type === 'cue' && event.cue === cue) waiting.delete(worker);
      if (waiting.size === 0) finish(true);
    });
    function finish(all: boolean): void {
      clearTimeout(timer);
      off();
      resolve(all);
    }
  });
}

/** What a fanout needs of a target: where to connect the operator, and server samples if it has them. */
export type CueTarget = Pick<Deployment, 'bases' | 'operatorToken' | 'sample'>;

export async function measureFanout(
  dep: CueTarget,
  pool: WorkerPool,
  s: Settings,
  perWorker: number[],
): Promise<Metrics> {
  const connected = perWorker.reduce((a, b) => a + b, 0);
  const operator = await WireClient.connect(
    socketUrl(dep.bases[0]),
    dep.operatorToken,
    {},
    {
      untilEvent: 'state',
    },
  );
  const timeoutMs = s.quick ? 15_000 : 30_000;
  let operatorErrors = 0;
  let timeouts = 0;
  const send = async (cue: number): Promise<void> => {
    const done = delivered(pool, perWorker, cue, timeoutMs);
    const t = Math.round(nowUs());
    const payload: CommandPayload<'stage:cue'> = {
      kind: 'announcement',
      title: 'Bench',
      body: `${CUE_MARK}${cue}#${t}#`,
    };
    const ack = await operator.emitAck('stage:cue', payload, timeoutMs);
    if (ack.body === 'TIMEOUT' || ackError(ack.body) !== null) operatorErrors++;
    if (!(await done)) timeouts++;
    // A pause between cues, so that each is measured on its own and the sockets' buffers drain.
    await sleep(s.quick ? 50 : 250);
  };
  try {
    for (let cue = 0; cue < WARM_UP; cue++) await send(cue);
    await pool.all<'cues'>(() => ({ cmd: 'cues' }));
    const before = await dep.sample(false);
    const harnessBefore = await pool.all<'usage'>(() => ({ cmd: 'usage' }));
    for (let cue = WARM_UP; cue < WARM_UP + s.cues; cue++) await send(cue);
    const after = await dep.sample(false);
    const harnessAfter = await pool.all<'usage'>(() => ({ cmd: 'usage' }));
    const results = await pool.all<'cues'>(() => ({ cmd: 'cues' }));
    const perCue = new Map<number, Float64Array[]>();
    for (const r of results) {
      for (const [cue, lat] of r.cues) perCue.set(cue, [...(perCue.get(cue) ?? []), lat]);
    }
    const all = merge([...perCue.values()].map(merge));
    const lastPerCue = [...perCue.values()].map((parts) => distribution(merge(parts)).max);
    const d = distribution(all);
    const harnessUs = harnessAfter.reduce((sum, u, i) => sum + u.cpuUs - (harnessBefore[i]?.cpuUs ?? 0), 0);
    return {
      connected,
      cues: s.cues,
      expected: connected * s.cues,
      delivered: all.length,
      operatorErrors,
      timeouts,
      p50Ms: round(d.p50),
      p95Ms: round(d.p95),
      p99Ms: round(d.p99),
      maxMs: round(d.max),
      lastClientMs: round(median(lastPerCue)),
      serverCpuMsPerCue: round(cpuBetween(before, after) / s.cues / 1000),
      harnessCpuMsPerCue: round(harnessUs / s.cues / 1000),
    };
  } finally {
    await operator.close();
  }
}
