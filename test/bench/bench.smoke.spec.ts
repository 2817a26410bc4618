// The load harness, run once at a small N against real server processes (ours from dist/, the
// baseline, private redis-servers). Counts only, never timings: every cue delivered, every vote
// acked and in the final tally, every join with its snapshot, every socket of a storm in on its first try.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopback } from '../../bench/loopback.js';
import { singlePoll } from '../e2e/helpers.js';
import { createEvent, http, staffToken, startApp, type TestApp } from '../support/app.js';
import type { ScenarioName, ScenarioResult } from '../../bench/run.js';
import type { Metrics } from '../../bench/scenario.js';
import { buildWithBench, run } from './build.js';

const N = 100;
const CUES = 5;

interface Report {
  scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
}

let report: Report;
let output = '';
const dir = mkdtempSync(join(tmpdir(), 'summit-bench-'));

beforeAll(async () => {
  await buildWithBench();
  const file = join(dir, 'bench.json');
  const args = ['dist-bench/main.js', '--quick', '--n', String(N), '--cues', String(CUES), '--json', file];
  const r = await run(process.execPath, [...args, '--max-minutes', '4'], 240_000);
  output = `${r.stdout}\n${r.stderr}`;
  report = JSON.parse(readFileSync(file, 'utf8')) as Report;
}, 420_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The figures of one target, which must have run without failing. */
function figures(scenario: ScenarioName, target: 'baseline' | 'embedded' | 'redis'): Metrics {
  const result = report.scenarios[scenario]?.targets[target];
  if (result?.error !== undefined || result?.metrics === undefined) {
    throw new Error(`${scenario} on ${target} failed: ${result?.error ?? 'no figures'}\n${output}`);
  }
  return result.metrics;
}

const TARGETS = ['baseline', 'embedded', 'redis'] as const;

describe('npm run bench, once at a small N', () => {
  it.each(TARGETS)('fanout on %s: every client got every cue', (target) => {
    const m = figures('fanout', target);
    expect(m).toMatchObject({ joined: N, connected: N, joinErrors: 0, cues: CUES });
    expect(m).toMatchObject({ expected: N * CUES, delivered: N * CUES, operatorErrors: 0, timeouts: 0 });
  });

  it.each(TARGETS)('quiz on %s: every answer acked, each reveal counts exactly the acked answers', (target) => {
    const m = figures('quiz', target);
    // Two questions, everyone answers each once.
    expect(m).toMatchObject({ connected: N, joinErrors: 0, sent: 2 * N, acked: 2 * N, errors: 0, revealExact: true });
  });

  it.each(TARGETS)('votes on %s: every vote acked, the screen shows the exact final tally', (target) => {
    const m = figures('votes', target);
    // Everyone votes steadily, everyone changes at the offered rate (three runs), a quarter change
    // again, then everyone changes all at once (six runs).
    const sent = N + 3 * N + Math.ceil(N / 4) + 6 * N;
    expect(m).toMatchObject({ connected: N, joinErrors: 0, sent, acked: sent, errors: 0 });
    expect(m).toMatchObject({ tallyExact: true, voters: N, finalTotal: N });
  });

  it.each(TARGETS)('joins on %s: every join got its snapshot', (target) => {
    expect(figures('joins', target)).toMatchObject({ attempted: N, joined: N, connected: N, errors: 0 });
  });

  it.each(TARGETS)('storm on %s: every socket in on its first try, none reset or refused', (target) => {
    const m = figures('storm', target);
    expect(m).toMatchObject({ joined: N, joinErrors: 0, attempted: N, firstTry: N, allFirstTry: true });
    expect(m).toMatchObject({ resets: 0, connRefused: 0, timeouts: 0, refused: 0, otherFailures: 0 });
  });

  it.each(TARGETS)('memory on %s: every idle client connected', (target) => {
    expect(figures('memory', target)).toMatchObject({ joined: N, connected: N, errors: 0 });
  });

  it.each(['baseline', 'redis'] as const)('cluster on %s: cues and votes across three nodes', (target) => {
    const m = figures('cluster', target);
    expect(m).toMatchObject({ connected: N, joinErrors: 0, 'fanout.delivered': N * CUES, 'fanout.timeouts': 0 });
    expect(m['votes.acked']).toBe(m['votes.sent']);
    expect(m).toMatchObject({ 'votes.errors': 0, 'votes.tallyExact': true, 'votes.voters': N });
  });

  it('compares every one of our figures with the baseline', () => {
    for (const name of ['fanout', 'votes', 'joins', 'storm', 'memory'] as const) {
      const ratios = report.scenarios[name]?.ratios;
      expect(Object.keys(ratios?.embedded ?? {}).length).toBeGreaterThan(0);
      expect(Object.keys(ratios?.redis ?? {}).length).toBeGreaterThan(0);
    }
  });
});

describe('npm run rehearse', () => {
  it('loads only this machine unless told otherwise', () => {
    for (const url of ['http://127.0.0.1:3000', 'http://localhost:8080', 'http://[::1]:3000', 'https://127.8.0.1']) {
      expect(isLoopback(new URL(url))).toBe(true);
    }
    for (const url of ['https://summit.example.com', 'http://10.0.0.5:3000', 'http://127.0.0.1.evil.example']) {
      expect(isLoopback(new URL(url))).toBe(false);
    }
  });

  it('against a running server: everyone joins, votes on the open poll and gets every cue', async () => {
    const people = 40;
    const app: TestApp = await startApp();
    try {
      await createEvent(app.url, 'rehearsal');
      const op = await staffToken(app.url, 'rehearsal', 'operator');
      const poll = singlePoll('drive');
      expect((await http(app.url, 'POST', '/api/events/rehearsal/polls', poll, op)).status).toBe(201);
      expect((await http(app.url, 'POST', '/api/events/rehearsal/polls/drive/open', undefined, op)).status).toBe(200);
      const file = join(dir, 'rehearsal.json');
      const args = ['dist-bench/rehearse.js', '--url', app.url, '--event', 'rehearsal', '--audience', String(people)];
      const options = ['--duration', '3', '--vote-window', '1', '--operator-token', op, '--cues', '2', '--json', file];
      const r = await run(process.execPath, [...args, ...options], 120_000);
      expect(r).toMatchObject({ code: 0 });
      const { metrics } = JSON.parse(readFileSync(file, 'utf8')) as { metrics: Metrics };
      expect(metrics).toMatchObject({ audience: people, joined: people, connected: people, joinErrors: 0 });
      expect(metrics).toMatchObject({ votesSent: people, votesAcked: people, voteErrors: 0, disconnects: 0 });
      expect(metrics).toMatchObject({ cues: 2, expected: 2 * people, delivered: 2 * people, timeouts: 0 });
      const csv = await http(app.url, 'GET', '/api/events/rehearsal/polls/drive/results.csv', undefined, op);
      expect(csv.text.split('\r\n')[1]).toBe(`poll,drive,Question drive?,${people},`);
    } finally {
      await app.close();
    }
  }, 150_000);

  it('refuses a URL that is not loopback without --i-own-this-deployment', async () => {
    const args = ['dist-bench/rehearse.js', '--url', 'https://summit.example.com', '--event', 'x', '--audience', '1'];
    const r = await run(process.execPath, args, 30_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--i-own-this-deployment');
  });
});
