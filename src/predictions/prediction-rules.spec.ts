import type { Poll, PollOption } from '../polls/poll.types.js';
import { rightOptions } from './prediction-rules.js';
import { res } from '../../test/support/crash-fixtures.js';

describe('rightOptions', () => {
  const poll = (options: PollOption[]): Poll => ({
    id: 'p',
    kind: 'single',
    question: { en: 'How many stars?' },
    options,
    status: 'open',
    results: 'live',
    revealed: false,
    createdAt: 1,
    predicts: { entryId: 'a', test: 'side' },
  });
  const stars = poll([0, 1, 2, 3, 4, 5].map((n) => ({ id: `s${n}`, label: { en: `${n}` }, stars: n })));
  const bands = poll([
    { id: 'low', label: { en: '0-59.99' }, min: 0, max: 59.99 },
    { id: 'mid', label: { en: '60-80' }, min: 60, max: 80 },
    { id: 'high', label: { en: '80-100' }, min: 80, max: 100 },
    { id: 'five', label: { en: '5 stars' }, stars: 5 },
  ]);

  it('picks the star option equal to the result stars', () => {
    expect(rightOptions(stars, res('r', 'a', 'side', 88, 1, { stars: 4 }))).toEqual(['s4']);
    expect(rightOptions(stars, res('r', 'a', 'side', 10, 1, { stars: 0 }))).toEqual(['s0']);
  });

  it('picks no star option for a result without stars, and nothing without a result', () => {
    expect(rightOptions(stars, res('r', 'a', 'side', 88, 1))).toEqual([]);
    expect(rightOptions(stars, null)).toEqual([]);
    expect(rightOptions(bands, null)).toEqual([]);
  });

  it('picks every band holding the score, bounds included, and star options alongside', () => {
    expect(rightOptions(bands, res('r', 'a', 'side', 80, 1, { stars: 5 }))).toEqual(['mid', 'high', 'five']);
    expect(rightOptions(bands, res('r', 'a', 'side', 60, 1, { stars: 3 }))).toEqual(['mid']);
    expect(rightOptions(bands, res('r', 'a', 'side', 59.99, 1))).toEqual(['low']);
    expect(rightOptions(bands, res('r', 'a', 'side', 100, 1))).toEqual(['high']);
    expect(rightOptions(bands, res('r', 'a', 'side', 0, 1))).toEqual(['low']);
  });

  it('never picks a plain option (no stars, no band)', () => {
    const plain = poll([
      { id: 'x', label: { en: 'x' } },
      { id: 'half', label: { en: 'min only' }, min: 0 },
    ]);
    expect(rightOptions(plain, res('r', 'a', 'side', 50, 1, { stars: 5 }))).toEqual([]);
  });
});
