import { AppError } from '../../common/errors.js';
import { validateDto, validateDtoSlow } from '../../realtime/dto-validation.pipe.js';
import { ResultDto } from './crash.dto.js';

const result = (score: number): Record<string, unknown> => ({
  id: 'r1',
  entryId: 'kestrel',
  test: 'moose',
  score,
  stars: 5,
});

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : `thrown ${String(err)}`;
  }
}

describe('ResultDto score', () => {
  it.each([
    [87.25, 'ok'],
    [0, 'ok'],
    [100, 'ok'],
    [12.345, 'VALIDATION_FAILED'],
    [1e-7, 'VALIDATION_FAILED'],
    [5e-324, 'VALIDATION_FAILED'],
    [0.1 + 0.2, 'VALIDATION_FAILED'],
  ])('%s: %s on both validation paths (an exponent is refused, never a crash)', (score, expected) => {
    expect(codeOf(() => validateDtoSlow(ResultDto, result(score)))).toBe(expected);
    expect(codeOf(() => validateDto(ResultDto, result(score)))).toBe(expected);
  });
});
