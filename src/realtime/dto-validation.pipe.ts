import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppError } from '../common/errors.js';
import { compileDto } from './compiled-dto.js';

// WsParamtype.PAYLOAD: Nest runs pipes on every gateway parameter, the socket included.
const WS_PAYLOAD = 3;
const MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /\p{Cs}/u;
const UNSAFE = 'is not allowed here: null, binary, a prototype key, too deep, or a lone surrogate';

export interface FieldError {
  field: string;
  errors: string[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Refuses what no command takes: binary, prototype keys, deep nesting, null (@IsOptional would let
 * it through as "absent", and services would take it for a value), and lone surrogates (not Unicode:
 * Redis would keep U+FFFD instead, and Lua's cjson refuses their escapes). Returns the path.
 */
export function unsafePath(value: unknown): string | null {
  const bad = unsafeWithin(value, 0);
  return bad === null ? null : bad.replace(/^\./, '') || '(payload)';
}

/** Where in `value` the unsafe part is, as `.key` and `[i]` steps ('': the value itself); built only on the way out of a refusal. */
function unsafeWithin(value: unknown, depth: number): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? '' : null;
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return null;
  if (depth > MAX_DEPTH) return '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = unsafeWithin(value[i], depth + 1);
      if (bad !== null) return `[${i}]${bad}`;
    }
    return null;
  }
  if (!isPlainObject(value)) return '';
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `.${key}`;
    const bad = unsafeWithin(value[key], depth + 1);
    if (bad !== null) return `.${key}${bad}`;
  }
  return null;
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function validationError(details: FieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The payload is not valid', details);
}

/**
 * Validates a DTO class payload for sockets and HTTP alike; on failure VALIDATION_FAILED with fields.
 * The DTO's compiled fast path (./compiled-dto.ts) accepts what it is sure of; the rest, and every
 * error, comes from validateDtoSlow.
 */
export function validateDto<T extends object>(cls: new () => T, value: unknown): T {
  return compileDto(cls)(value);
}

/** The reference: plainToInstance + validateSync, after the safety walk. */
export function validateDtoSlow<T extends object>(cls: new () => T, value: unknown): T {
  if (!isPlainObject(value)) throw validationError([{ field: '(payload)', errors: ['must be a JSON object'] }]);
  const bad = unsafePath(value);
  if (bad !== null) throw validationError([{ field: bad, errors: [UNSAFE] }]);
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw validationError(flatten(errors));
  return instance;
}

@Injectable()
export class DtoValidationPipe implements PipeTransform {
  transform(value: unknown, { metatype, type }: ArgumentMetadata): unknown {
    const validates = type === 'body' || type === 'query' || (type as unknown) === WS_PAYLOAD;
    if (!validates || !metatype || metatype === Object) return value;
    // Nest 12 runs global pipes on gateways too: beside @UsePipes, a payload comes by twice.
    if (value instanceof metatype) return value;
    return validateDto(metatype as new () => object, value);
  }
}
