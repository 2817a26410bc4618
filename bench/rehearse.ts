// `npm run rehearse`: the bench's clients against a real deployment, for an event team's dry run.
// They join over HTTP, connect, vote on every poll the team opens, and the same figures come out.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureFanout } from './fanout.js';
import { request } from './http.js';
import { isLoopback } from './loopback.js';
import type { RehearsalResult } from './ipc.js';
import { WorkerPool, workersFor } from './pool.js';
import { block } from './report.js';
import { errorCount, errorText, figuresOf, joinMetrics, type Metrics, type Settings } from './scenario.js';
import { sleep } from './servers.js';
import { addCounts, distribution, median, merge, round } from './stats.js';
import { Progress } from './progress.js';

const HELP = `npm run rehearse -- --url URL --event ID --audience N [options]
  --duration S              how long the audience stays (default 60 s, at most 3600)
  --vote-window S           people vote within S seconds of a poll opening (default 10)
  --concurrency C           joins in flight (default 100)
  --workers W               client processes (default: one per 2,500 people, at least 2)
  --operator-token T        also send --cues K measured stage cues as this operator
  --cues K                  (default 0) cues to send, one every few seconds
  --json FILE               write the figures as JSON
  --i-own-this-deployment   allow a URL that is not on this machine (loopback)`;

function int(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

function rehearsalMetrics(results: RehearsalResult[]): Metrics {
  const votes = results.map((r) => r.votes);
  const errors: Record<string, number> = {};
  for (const v of votes) addCounts(errors, v.errors);
  const first = Math.min(...votes.map((v) => v.firstSendUs));
  const last = Math.max(...votes.map((v) => v.lastAckUs));
  const acked = votes.reduce((n, v) => n + v.acked, 0);
  const d = distribution(merge(votes.map((v) => v.latUs)));
  // Each broadcast (event#seq): from its first receipt to its last, over every client.
  const spreads = new Map<string, Float64Array[]>();
  for (const r of results) for (const [k, t] of r.broadcasts) spreads.set(k, [...(spreads.get(k) ?? []), t]);
  const spread = [...spreads.values()].map((parts) => {
    const all = merge(parts);
    return { n: all.length, ms: (Math.max(...all) - Math.min(...all)) / 1000 };
  });
  const metrics: Metrics = {
    votesSent: votes.reduce((n, v) => n + v.sent, 0),
    votesAcked: acked,
    voteErrors: errorCount(errors),
    voteAcksPerSec: last > first ? Math.round(acked / ((last - first) / 1e6)) : 0,
    voteAckP50Ms: round(d.p50),
    voteAckP99Ms: round(d.p99),
    broadcasts: spread.length,
    broadcastSpreadMedianMs: round(median(spread.map((s) => s.ms))),
    broadcastSpreadMaxMs: round(Math.max(0, ...spread.map((s) => s.ms))),
    disconnects: results.reduce((n, r) => n + r.disconnects, 0),
  };
  if (errorCount(errors) > 0) metrics.voteErrorCodes = errorText(errors);
  return metrics;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      event: { type: 'string' },
      audience: { type: 'string' },
      duration: { type: 'string' },
      'vote-window': { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      'operator-token': { type: 'string' },
      cues: { type: 'string' },
      json: { type: 'string' },
      'i-own-this-deployment': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help || values.url === undefined || values.event === undefined || values.audience === undefined) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 1;
  }
  const url = new URL(values.url);
  if (!['http:', 'https:'].includes(url.protocol)) throw new Error('--url must be http:// or https://');
  if (!isLoopback(url) && !values['i-own-this-deployment']) {
    process.stderr.write(
      `Refusing to load ${url.host}: it is not this machine. If the deployment is yours and you mean to ` +
        'load it, add --i-own-this-deployment.\n',
    );
    return 2;
  }
  const base = url.origin;
  const n = int(values.audience, 'audience', 0, 1, 100_000);
  const durationMs = int(values.duration, 'duration', 60, 1, 3600) * 1000;
  const cues = int(values.cues, 'cues', 0, 0, 1000);
  if (cues > 0 && values['operator-token'] === undefined) throw new Error('--cues needs --operator-token');
  const concurrency = int(values.concurrency, 'concurrency', 100, 1, 5000);
  const windowMs = int(values['vote-window'], 'vote-window', 10, 0, 3600) * 1000;
  const health = await request('GET', `${base}/health`, undefined, { timeoutMs: 5000 });
  if (health.status !== 200) throw new Error(`${base}/health answered ${health.status || health.text}`);

  const started = Date.now();
  const pool = WorkerPool.start(workersFor(n, values.workers === undefined ? undefined : Number(values.workers)));
  const progress = new Progress(pool, n, started, durationMs);
  try {
    const per = Math.max(1, Math.ceil(concurrency / pool.size));
    const joined = figuresOf(
      await pool.all<'join'>((w) => ({
        cmd: 'join',
        eventId: values.event as string,
        bases: [base],
        ...pool.slice(n, w),
        concurrency: per,
        connect: true,
        autoVoteWindowMs: windowMs,
      })),
    );
    const log = (line: string): void => progress.say(line);
    const settings: Settings = { n, quick: false, cues, rate: 0, steadyRate: 0, concurrency, log };
    let cueMetrics: Metrics = {};
    if (cues > 0) {
      const target = {
        bases: [base],
        operatorToken: values['operator-token'] as string,
        sample: () => Promise.resolve([]),
      };
      cueMetrics = await measureFanout(target, pool, settings, joined.perWorker);
    }
    for (let i = 0; i < 36_000 && Date.now() - started < durationMs; i++) await sleep(100);
    const seen = await pool.all<'rehearsal'>(() => ({ cmd: 'rehearsal' }));
    progress.stop();
    const metrics: Metrics = {
      audience: n,
      joined: joined.joined,
      connected: joined.connected,
      joinErrors: errorCount(joined.errors),
      ...(errorCount(joined.errors) > 0 ? { joinErrorCodes: errorText(joined.errors) } : {}),
      ...joinMetrics([joined.summary]),
      ...rehearsalMetrics(seen),
      ...cueMetrics,
    };
    process.stdout.write(
      `${block(`rehearsal of ${base}, event ${values.event}`, [{ name: 'figures', values: metrics }])}\n`,
    );
    if (values.json !== undefined) {
      writeFileSync(values.json, `${JSON.stringify({ url: base, event: values.event, metrics }, null, 2)}\n`);
    }
    return 0;
  } finally {
    progress.stop();
    await pool.all<'close'>(() => ({ cmd: 'close' })).catch(() => undefined);
    await pool.stop();
  }
}

process.on('SIGINT', () => process.exit(130));
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
