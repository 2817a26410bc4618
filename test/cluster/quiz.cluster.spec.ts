import type { CountryStanding, Quiz, QuizAnswerAck, QuizMe, Standing } from '../../src/quiz/quiz.types.js';
import { useCluster } from './cluster.js';
import { api, connectPeer, createEvent, inBatches, join, newEventId, staffToken } from './peers.js';
import { sleep } from './processes.js';
import { crowd, type Person } from './vote-storm.js';

const PEOPLE = 90;
const OPTIONS = ['a', 'b', 'c'];
const QUESTIONS = [
  { id: 'q1', correct: 'a' },
  { id: 'q2', correct: 'b' },
  { id: 'q3', correct: 'c' },
];

interface Reveal {
  questionId: string;
  counts: Record<string, number>;
  leaderboard: Standing[];
  countries: CountryStanding[];
}
interface Ended {
  quizId: string;
  leaderboard: Standing[];
  countries: CountryStanding[];
}

/** What one person's answers came to: the option per question that the store holds. */
type Answers = Map<string, string>;
/** The elapsed ms of each of one person's answers, as acked (null: stored, ack lost). */
type Elapsed = Map<string, number | null>;

/** The protocol's scoring (speed and streak on), from a person's answers and their elapsed times. */
function recount(answers: Answers, elapsed: Elapsed, limitMs: number): number | null {
  let points = 0;
  let streak = 0;
  for (const q of QUESTIONS) {
    const option = answers.get(q.id);
    if (option !== q.correct) {
      streak = 0;
      continue;
    }
    const ms = elapsed.get(q.id);
    if (ms === null || ms === undefined) return null;
    points += Math.round(1000 * (1 - ms / limitMs / 2)) + Math.min(500, 100 * streak);
    streak += 1;
  }
  return points;
}

/**
 * One answer, sent again (once connected again) until the store has it: an ack, or CONFLICT on a
 * retry (the first try was stored, its ack lost with the node). Anything else is a failure.
 */
async function answer(person: Person, quizId: string, questionId: string, optionId: string): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await person.peer.connected(30_000).catch(() => undefined);
    const ack = await person.peer
      .send<QuizAnswerAck>('quiz:answer', { quizId, questionId, optionId })
      .catch(() => null);
    if (ack?.ok) {
      expect(ack.data).toMatchObject({ questionId, optionId });
      return ack.data.elapsedMs;
    }
    // Stored by an earlier try whose ack was lost with its node: its elapsed time is not known here.
    if (ack && ack.error.code === 'CONFLICT' && attempt > 0) return null;
    if (ack) {
      person.refused.push(ack.error.code);
      if (ack.error.code !== 'UNAVAILABLE') throw new Error(`${person.audienceId}: ${JSON.stringify(ack.error)}`);
    }
    await sleep(100 + Math.random() * 300);
  }
  throw new Error(`${person.audienceId} could not answer ${questionId}`);
}

function countsOf(answers: Map<string, Answers>, questionId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const mine of answers.values()) {
    const option = mine.get(questionId);
    if (option !== undefined) counts[option] = (counts[option] ?? 0) + 1;
  }
  return counts;
}

const nonZero = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('cluster: a quiz played on every node', () => {
  const handle = useCluster({ QUIZ_COUNTRY_MIN: '3' });
  const { keep } = handle;

  it('answers from every node, a node killed mid-question: every stored answer scored once, boards equal the recount, quiz:me on every device', async () => {
    const { cluster } = handle;
    const [a, victim, c] = cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    const opToken = await staffToken(a.url, id, 'operator');
    const op = keep(await connectPeer(a.url, opToken));
    const screen = keep(await connectPeer(c.url, await staffToken(c.url, id, 'screen')));
    const people = await crowd(cluster, id, 'none', PEOPLE);
    for (const p of people) keep(p.peer);
    // One person on two devices, on nodes A and C: both hear their quiz:me.
    const twoDevices = await join(a.url, id, 'JP');
    const deviceA = keep(await connectPeer(a.url, twoDevices.token));
    const deviceC = keep(await connectPeer(c.url, twoDevices.token, { transport: 'polling' }));

    const quiz = await op.ok<Quiz>('quiz:create', {
      id: 'cq',
      title: { en: 'Cluster quiz' },
      scoring: { basePoints: 1000, speed: true, streak: true },
      questions: QUESTIONS.map((q) => ({
        id: q.id,
        text: { en: `Question ${q.id}` },
        options: OPTIONS.map((o) => ({ id: o, label: { en: o } })),
        timeLimitMs: 60_000,
        correct: [q.correct],
      })),
    });
    expect(quiz.status).toBe('draft');

    const stored = new Map<string, Answers>(people.map((p) => [p.audienceId, new Map()]));
    stored.set(twoDevices.audienceId, new Map());
    const elapsed = new Map<string, Elapsed>([...stored.keys()].map((who) => [who, new Map()]));
    let kills: Promise<number | null>[] = [];
    const reveals: Reveal[] = [];
    for (const [index, q] of QUESTIONS.entries()) {
      // Questions started and revealed from different nodes: whichever node is up.
      const runner = index === 1 ? op : keep(await connectPeer(c.url, opToken));
      await runner.ok<Quiz>('quiz:next', { quizId: 'cq' });
      await screen.waitFor<{ index: number }>(
        'quiz:question',
        (m) => m.index === index,
        `question ${q.id} on the screen`,
      );
      let acked = 0;
      // Question 2: node B dies a third into the answers; its people answer again from another node.
      const killAt = index === 1 ? PEOPLE / 3 : Infinity;
      const answering = [...people.map((p) => ({ person: p, id: p.audienceId }))];
      await Promise.all(
        answering.map(async ({ person, id: who }, i) => {
          // A third of the people skip question 3: a missing answer ends a streak.
          if (index === 2 && i % 3 === 0) return;
          const option = OPTIONS[(i + index) % OPTIONS.length];
          elapsed.get(who)?.set(q.id, await answer(person, 'cq', q.id, option));
          stored.get(who)?.set(q.id, option);
          if (++acked >= killAt && kills.length === 0) kills = [victim.kill('SIGKILL')];
        }),
      );
      const mine = await deviceA.ok<QuizAnswerAck>('quiz:answer', {
        quizId: 'cq',
        questionId: q.id,
        optionId: q.correct,
      });
      stored.get(twoDevices.audienceId)?.set(q.id, q.correct);
      elapsed.get(twoDevices.audienceId)?.set(q.id, mine.elapsedMs);

      const revealer = index === 1 ? keep(await connectPeer(c.url, opToken)) : op;
      await revealer.ok<Quiz>('quiz:reveal', { quizId: 'cq' });
      const reveal = await screen.waitFor<Reveal>('quiz:reveal', (m) => m.questionId === q.id, `reveal ${q.id}`);
      reveals.push(reveal);
      // Every stored answer counted once: the acked ones and the retried ones, none twice.
      expect(nonZero(reveal.counts)).toEqual(countsOf(stored, q.id));
      for (const device of [deviceA, deviceC]) {
        const me = await device.waitFor<QuizMe>('quiz:me', (m) => m.questionId === q.id, `quiz:me ${q.id}`);
        expect(me).toMatchObject({ quizId: 'cq', correct: true });
      }
    }
    expect(kills).toHaveLength(1);
    await Promise.all(kills);
    expect(people.flatMap((p) => p.refused).filter((code) => code !== 'UNAVAILABLE')).toEqual([]);

    await op.ok<Quiz>('quiz:end', { quizId: 'cq' });
    const ended = await screen.waitFor<Ended>('quiz:ended', (m) => m.quizId === 'cq', 'the end');

    // The recount: the CSV holds every person who answered, with the same points as the board.
    const csv = await fetch(`${a.url}/api/events/${id}/quizzes/cq/results.csv`, {
      headers: { authorization: `Bearer ${opToken}` },
    });
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trim().split('\n').slice(1);
    expect(rows).toHaveLength(stored.size);
    const csvPoints = new Map(
      rows.map((row) => {
        const cells = row.split(',');
        return [cells[1], Number(cells[4])] as const;
      }),
    );
    for (const standing of ended.leaderboard) expect(csvPoints.get(standing.id)).toBe(standing.points);
    // And each person's points are what the rules make of their stored answers (where every ack came back).
    let recounted = 0;
    for (const [who, answers] of stored) {
      const expected = recount(answers, elapsed.get(who) ?? new Map<string, number | null>(), 60_000);
      if (expected === null) continue;
      expect({ who, points: csvPoints.get(who) }).toEqual({ who, points: expected });
      recounted += 1;
    }
    expect(recounted).toBeGreaterThan(PEOPLE / 2);
    const top = [...csvPoints.values()].sort((x, y) => y - x).slice(0, ended.leaderboard.length);
    expect(ended.leaderboard.map((s) => s.points)).toEqual(top);

    // Everyone who played hears their last result, its total their CSV points (on whichever node they ended).
    await inBatches(people, 30, async (p) => {
      const last = await p.peer.waitFor<QuizMe>(
        'quiz:me',
        (m) => m.questionId === 'q3',
        `quiz:me q3 at ${p.audienceId}`,
      );
      expect(last.total).toBe(csvPoints.get(p.audienceId));
      expect(last.correct).toBe(stored.get(p.audienceId)?.get('q3') === 'c');
    });
    // Countries of at least 3 people are ranked by their mean.
    expect(ended.countries.length).toBeGreaterThan(0);
    expect(ended.countries.every((country) => country.people >= 3)).toBe(true);

    // The restarted node serves the same final boards.
    await victim.start();
    const late = keep(await connectPeer(victim.url, await staffToken(victim.url, id, 'screen')));
    const final = late.states()[0];
    expect(final.quizzes.find((x) => x.id === 'cq')?.status).toBe('ended');
    expect(final.quizBoards.cq?.leaderboard).toEqual(ended.leaderboard);
    expect(await api(a.url, 'GET', '/health')).toMatchObject({ status: 200 });
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 240_000);
});
