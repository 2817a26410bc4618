import { csvCell } from '../common/csv.js';
import { rankPlayers } from './quiz-rules.js';
import type { QuizResults } from './quiz.service.js';

/**
 * One row per person, in board order: rank, id, name, country, points, correct answers, the sum of
 * elapsed ms of the correct ones, then per question the option they chose (empty: no answer).
 */
export function quizResultsCsv({ quiz, players, answers }: QuizResults): string {
  const chosen = new Map<string, string>();
  for (const a of answers) chosen.set(`${a.personId}\n${a.questionId}`, a.optionId);
  const correct = new Map(players.map((p) => [p.id, p.correct]));
  const header = [
    'rank',
    'id',
    'name',
    'country',
    'points',
    'correct',
    'elapsed_ms',
    ...quiz.questions.map((q) => q.id),
  ];
  const rows: (string | number)[][] = [header];
  for (const s of rankPlayers(players)) {
    const picks = quiz.questions.map((q) => chosen.get(`${s.id}\n${q.id}`) ?? '');
    rows.push([s.rank, s.id, s.name ?? '', s.country ?? '', s.points, correct.get(s.id) ?? 0, s.elapsedMs, ...picks]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
