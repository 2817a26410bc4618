import { AppError } from '../../common/errors.js';
import { validateDto } from '../../realtime/dto-validation.pipe.js';
import { CreatePollDto } from './poll.dto.js';

const fields = (payload: unknown): string[] => {
  try {
    validateDto(CreatePollDto, payload);
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
      return (err.details as { field: string }[]).map((d) => d.field);
    }
    throw err;
  }
  return [];
};

describe('CreatePollDto: nested parts must be objects', () => {
  const question = { en: 'Q?' };

  it.each([
    ['scale as an array', { kind: 'rating', question, scale: [] }, 'scale'],
    ['scale as a number', { kind: 'rating', question, scale: 5 }, 'scale'],
    ['predicts as an array', { kind: 'single', question, predicts: [] }, 'predicts'],
    [
      'options as arrays of objects',
      { kind: 'single', question, options: [[{ label: { en: 'a' } }], [{ label: { en: 'b' } }]] },
      'options',
    ],
  ])('%s is refused', (_what, payload, field) => {
    expect(fields(payload)).toContain(field);
  });

  it('the same parts as objects pass', () => {
    expect(fields({ kind: 'rating', question, scale: { min: 1, max: 5 } })).toEqual([]);
    expect(fields({ kind: 'single', question, options: [{ label: { en: 'a' } }, { label: { en: 'b' } }] })).toEqual([]);
  });
});
