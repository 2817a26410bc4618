// The quiz: a question runs (its fan-out done, as people read it first), the whole crowd answers it
// within its time limit, then the operator reveals it (every answer scored in one step) and the next
// one runs. The first question is answered at the steady rate (the ack p99 compared), the second all
// at once (the capacity). Each reveal must count exactly the answers that were acked, per option.
import { BENCH_OPTIONS } from './bench-poll.js';
import type { Deployment } from './deployment.js';
import type { VoteResult } from './ipc.js';
import type { WorkerPool } from './pool.js';
import type { Broadcast, CommandPayload } from './protocol.js';
import { cpuBetween, errorFigures, type Metrics, type Settings } from './scenario.js';
import { sleep } from './servers.js';
import { addCounts, round } from './stats.js';
import { ackError, nowUs, payloadOf, socketUrl, WireClient } from './wire.js';
import { phaseMetrics } from './votes.js';

export const BENCH_QUIZ = 'bench-quiz';
const LIMIT_MS = 120_000;

const QUESTIONS = [
  { id: 'q1', phase: 'steady', rate: (s: Settings) => s.steadyRate, correct: ['a'] },
  { id: 'q2', phase: 'burst', rate: () => 0, correct: ['b'] },
] as const;

export const BENCH_QUIZ_CREATE: CommandPayload<'quiz:create'> = {
  id: BENCH_QUIZ,
  title: { en: 'Bench quiz' },
  scoring: { basePoints: 1000, speed: true, streak: true },
  questions: QUESTIONS.map((q, i) => ({
    id: q.id,
    text: { en: `Question ${i + 1}` },
    options: BENCH_OPTIONS.map((id) => ({ id, label: { en: `Option ${id.toUpperCase()}` } })),
    timeLimitMs: LIMIT_MS,
    correct: [...q.correct],
  })),
};

/** The operator's socket: sends the quiz's commands and keeps the reveals it is sent. */
async function operator(dep: Deployment): Promise<{
  client: WireClient;
  reveals: Map<string, Record<string, number>>;
  command: (name: 'quiz:create' | 'quiz:next' | 'quiz:reveal', payload: unknown) => Promise<number>;
}> {
  const reveals = new Map<string, Record<string, number>>();
  const onEvent = (name: Broadcast, frame: string): void => {
    if (name !== 'quiz:reveal') return;
    const reveal = payloadOf(name, frame);
    reveals.set(reveal.questionId, reveal.counts);
  };
  const client = await WireClient.connect(
    socketUrl(dep.bases[0]),
    dep.operatorToken,
    { onEvent },
    { untilEvent: 'state' },
  );
  /** Sends one command; answers how long its ack took (ms); throws on an error ack. */
  const command = async (name: 'quiz:create' | 'quiz:next' | 'quiz:reveal', payload: unknown): Promise<number> => {
    const started = nowUs();
    const ack = await client.emitAck(name, payload as CommandPayload<typeof name>, 60_000);
    const code = ack.body === 'TIMEOUT' || ack.body === 'CLOSED' ? ack.body : ackError(ack.body);
    if (code !== null) throw new Error(`${name}: ${code} ${ack.body.slice(0, 200)}`);
    return (ack.atUs - started) / 1000;
  };
  return { client, reveals, command };
}

function sameCounts(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  return BENCH_OPTIONS.every((o) => (a?.[o] ?? 0) === (b[o] ?? 0));
}

export async function measureQuiz(dep: Deployment, pool: WorkerPool, s: Settings): Promise<Metrics> {
  const op = await operator(dep);
  try {
    await op.command('quiz:create', BENCH_QUIZ_CREATE);
    const metrics: Metrics = {};
    const errors: Record<string, number> = {};
    let sent = 0;
    let acked = 0;
    let exact = true;
    let revealMs = 0;
    const cpuBefore = await dep.sample(false);
    for (const q of QUESTIONS) {
      await op.command('quiz:next', { quizId: BENCH_QUIZ });
      // People read the question before they answer: its fan-out to everyone is not in the answers' figures.
      await sleep(s.quick ? 200 : 1000);
      const results: VoteResult[] = await pool.all<'vote'>(() => ({
        cmd: 'vote',
        pollId: BENCH_QUIZ,
        options: BENCH_OPTIONS,
        shift: q.id === 'q1' ? 0 : 1,
        every: 1,
        rate: q.rate(s) / pool.size,
        timeoutMs: 60_000,
        quiz: { quizId: BENCH_QUIZ, questionId: q.id },
      }));
      const counts: Record<string, number> = {};
      for (const r of results) {
        sent += r.sent;
        acked += r.acked;
        addCounts(errors, r.errors);
        addCounts(counts, r.counts);
      }
      Object.assign(metrics, phaseMetrics(q.phase, results));
      s.log(`  quiz ${q.id} (${q.phase}): ${results.reduce((n, r) => n + r.acked, 0)} answers acked`);
      revealMs = Math.max(revealMs, await op.command('quiz:reveal', { quizId: BENCH_QUIZ }));
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !op.reveals.has(q.id)) await sleep(20);
      exact &&= sameCounts(op.reveals.get(q.id), counts);
    }
    const cpuAfter = await dep.sample(false);
    return {
      sent,
      acked,
      ...errorFigures(errors),
      ...metrics,
      revealExact: exact,
      revealMs: round(revealMs),
      serverCpuUsPerAnswer: round(cpuBetween(cpuBefore, cpuAfter) / Math.max(1, acked), 1),
    };
  } finally {
    await op.client.close();
  }
}
