import { IsInt, IsOptional, IsString } from 'class-validator';
import { validateDto, type FieldError } from './dto-validation.pipe.js';
import { AppError } from '../common/errors.js';

class SampleDto {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  n?: number;
}

function failure(value: unknown): { code: string; details: FieldError[] } {
  try {
    validateDto(SampleDto, value);
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, details: err.details as FieldError[] };
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('validateDto', () => {
  it('accepts a valid payload and returns an instance', () => {
    const dto = validateDto(SampleDto, { name: 'a', n: 2 });
    expect(dto).toBeInstanceOf(SampleDto);
    expect(dto).toEqual({ name: 'a', n: 2 });
  });

  it.each([['a string'], [42], [null], [undefined], [[{ name: 'a' }]], [Buffer.from('x')]])(
    'refuses a payload that is not a JSON object: %p',
    (value) => {
      expect(failure(value)).toEqual({
        code: 'VALIDATION_FAILED',
        details: [{ field: '(payload)', errors: ['must be a JSON object'] }],
      });
    },
  );

  it('names the offending fields: wrong type, missing, extra', () => {
    const { details } = failure({ n: 'x', extra: 1 });
    const fields = details.map((d) => d.field).sort();
    expect(fields).toEqual(['extra', 'n', 'name']);
  });

  it('refuses prototype keys anywhere, without polluting Object.prototype', () => {
    const payload = JSON.parse('{"name":"a","deep":{"__proto__":{"polluted":true}}}') as unknown;
    expect(failure(payload).details[0]?.field).toBe('deep.__proto__');
    expect(failure({ name: 'a', constructor: { prototype: {} } }).details[0]?.field).toBe('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting and binary values inside the payload', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(failure({ name: 'a', deep }).code).toBe('VALIDATION_FAILED');
    expect(failure({ name: 'a', blob: Buffer.from('x') }).details[0]?.field).toBe('blob');
  });

  it('refuses null, even for an optional field, and strings with a lone surrogate', () => {
    expect(failure({ name: 'a', n: null }).details[0]?.field).toBe('n');
    expect(failure({ name: 'a\ud800b' }).details[0]?.field).toBe('name');
    expect(validateDto(SampleDto, { name: 'a\u202e\u200b👩‍👧b' }).name).toBe('a\u202e\u200b👩‍👧b');
  });
});
