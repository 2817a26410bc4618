// The poll that the votes scenarios use, on our server and on the baseline alike.
import type { Poll } from './protocol.js';

export const BENCH_EVENT = 'bench';
export const BENCH_OPTIONS = ['a', 'b', 'c', 'd'];

export const BENCH_POLL: Pick<Poll, 'id' | 'kind' | 'question' | 'options' | 'results'> = {
  id: 'bench',
  kind: 'single',
  question: { en: 'Which drive would you choose for your next car?' },
  options: BENCH_OPTIONS.map((id) => ({ id, label: { en: `Option ${id.toUpperCase()}` } })),
  results: 'live',
};
