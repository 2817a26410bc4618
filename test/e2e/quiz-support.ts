import type { Client } from '../support/app.js';
import type { AckData } from '../support/protocol.js';
import { okData } from './helpers.js';

/** A quiz of `n` questions with options a, b, c, d; the right one is a, b, c, ... in turn. */
export function quizPayload(
  id: string,
  options: { n?: number; timeLimitMs?: number; speed?: boolean; streak?: boolean; basePoints?: number } = {},
): Record<string, unknown> {
  const n = options.n ?? 3;
  const letters = ['a', 'b', 'c', 'd'];
  return {
    id,
    title: { en: `Quiz ${id}`, zh: '测验' },
    scoring: {
      basePoints: options.basePoints ?? 1000,
      speed: options.speed ?? true,
      streak: options.streak ?? true,
    },
    questions: Array.from({ length: n }, (_, i) => ({
      id: `k${i + 1}`,
      text: { en: `Question ${i + 1}?`, zh: `问题 ${i + 1}？` },
      options: letters.map((l) => ({ id: l, label: { en: l.toUpperCase() } })),
      timeLimitMs: options.timeLimitMs ?? 60_000,
      correct: [letters[i % letters.length]],
    })),
  };
}

export async function quizStep(
  op: Client,
  step: 'quiz:next' | 'quiz:reveal' | 'quiz:end',
  quizId: string,
): Promise<AckData<'quiz:next'>> {
  return okData(await op.send(step, { quizId }));
}
