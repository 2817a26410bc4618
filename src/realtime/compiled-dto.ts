import { Transform, TransformationType, type TransformFnParams } from 'class-transformer';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage.js';
// @ts-expect-error class-transformer ships its declarations in types/, not beside cjs/storage.js.
import { defaultMetadataStorage as untypedTransformerStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata.js';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { isPlainObject, unsafePath, validateDtoSlow } from './dto-validation.pipe.js';

/*
 * validateDto's fast ACCEPT path, compiled once per DTO class from the decorators' metadata (the
 * DTO classes stay the one definition of the protocol). It builds the instance as plainToInstance
 * does (new cls(), the payload's keys in order, copies of arrays and objects, @Type'd nested DTOs,
 * @Transform functions called with the arguments class-transformer gives them) and checks it as
 * validateSync with whitelist + forbidNonWhitelisted + forbidUnknownValues does. Whatever it is not
 * sure of, and every failure, goes to validateDtoSlow: the fast path only ever accepts what the slow
 * path accepts, with an equal instance, and every error is the slow path's own.
 *
 * Built-in constraints are compiled into plain checks (their semantics read from class-validator
 * 0.15 and validator.js 13.15); other synchronous constraints (@IsLocale, @IsISO31661Alpha2,
 * custom ones) are called as the slow path calls them: `instance.validate(value, args)`.
 * Assumption, as the slow path's: validators, @ValidateIf conditions, @Type and @Transform
 * functions are pure.
 */

type DtoClass = new () => object;
/** A check of a property's value after the conditions passed; `object` is the instance. */
type Check = (value: unknown, object: object) => boolean;
type Condition = (object: object, value: unknown) => unknown;
type TransformFn = (params: TransformFnParams) => unknown;
type TypeFn = (options: { newObject: object; object: object; property: string }) => unknown;

interface Prop {
  readonly key: string;
  readonly conditions: readonly Condition[];
  readonly checks: readonly Check[];
  /** @ValidateNested + @Type: the class of the nested value, asked as class-transformer asks. */
  readonly nestedType: TypeFn | undefined;
  readonly transforms: readonly TransformFn[];
}

interface Plan {
  readonly cls: DtoClass;
  /** Why the class always takes the slow path; undefined when it is compiled. */
  readonly unsupported: string | undefined;
  /** The whitelist: every property with validation metadata. */
  readonly props: ReadonlyMap<string, Prop>;
  /** What each constraint compiled to, for tests and reports: `prop.name: inline|delegated`. */
  readonly constraints: readonly string[];
}

const FAIL: unique symbol = Symbol('slow path');
type Built = object | typeof FAIL;

const transformerStorage = untypedTransformerStorage as TransformerStorage;

// The options plainToInstance(cls, value) gives class-transformer (its defaultOptions, copied).
const TRANSFORM_OPTIONS = {
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
};

/** Types class-transformer converts to rather than instantiates: never a nested DTO. */
const BUILTIN_TYPES = new Set<unknown>([String, Number, Boolean, Date, Buffer, Map, Set, Array, Object, Promise]);
const EMPTY = {};
const OBJECT_TAG = (value: unknown): string => Object.prototype.toString.call(value);

/**
 * The storage this module reads must be the one the decorators write (one class-transformer): a
 * probe class proves it, or nothing is compiled.
 */
class StorageProbe {
  @Transform(({ value }: { value: unknown }) => value)
  probe?: string;
}
const TRANSFORMER_STORAGE_OK =
  transformerStorage.findTransformMetadatas(StorageProbe, 'probe', TransformationType.PLAIN_TO_CLASS).length === 1;

// ---------------------------------------------------------------------------------------------
// Constraints

/** validator.js 13.15 isLength's length: code units, less surrogate pairs and presentation sequences. */
const LENGTH_SPECIAL = /[\uD800-\uDFFF]|\uFE0E|\uFE0F/;
const PRESENTATION = /[^\uFE0F\uFE0E](?:\uFE0F|\uFE0E)/g;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
function validatorLength(str: string): number {
  if (!LENGTH_SPECIAL.test(str)) return str.length;
  return str.length - (str.match(PRESENTATION) ?? []).length - (str.match(SURROGATE_PAIR) ?? []).length;
}

interface NumberOptions {
  allowNaN?: unknown;
  allowInfinity?: unknown;
  maxDecimalPlaces?: unknown;
}

/** class-validator's isNumber; a value whose toString has no '.' (1e-7) makes it throw: the slow path's. */
function isNumberCheck(options: NumberOptions): ((value: unknown) => boolean) | undefined {
  const { allowNaN, allowInfinity, maxDecimalPlaces } = options;
  if (maxDecimalPlaces !== undefined && typeof maxDecimalPlaces !== 'number') return undefined;
  return (value) => {
    if (typeof value !== 'number') return false;
    if (value === Infinity || value === -Infinity) return !!allowInfinity;
    if (Number.isNaN(value)) return !!allowNaN;
    if (maxDecimalPlaces !== undefined && value % 1 !== 0) {
      const decimals = value.toString().split('.')[1];
      if (decimals === undefined || decimals.length > maxDecimalPlaces) return false;
    }
    return Number.isFinite(value);
  };
}

/** The plain check of a built-in constraint, from its name and constraints; undefined if not one. */
function inlineCheck(name: string, constraints: readonly unknown[]): ((value: unknown) => boolean) | undefined {
  const [c0, c1] = constraints;
  switch (name) {
    case 'isString':
      return (v) => typeof v === 'string' || v instanceof String;
    case 'isBoolean':
      return (v) => typeof v === 'boolean' || v instanceof Boolean;
    case 'isInt':
      return (v) => typeof v === 'number' && Number.isInteger(v);
    case 'isArray':
      return (v) => Array.isArray(v);
    case 'isNumber': {
      const options = c0 === undefined ? {} : c0;
      return typeof options === 'object' && options !== null ? isNumberCheck(options) : undefined;
    }
    case 'min':
      return typeof c0 === 'number' ? (v) => typeof v === 'number' && v >= c0 : undefined;
    case 'max':
      return typeof c0 === 'number' ? (v) => typeof v === 'number' && v <= c0 : undefined;
    case 'arrayMinSize':
      return typeof c0 === 'number' ? (v) => Array.isArray(v) && v.length >= c0 : undefined;
    case 'arrayMaxSize':
      return typeof c0 === 'number' ? (v) => Array.isArray(v) && v.length <= c0 : undefined;
    case 'arrayUnique':
      // `filter((a, i, all) => all.indexOf(a) === i)` keeps them all (=== : NaN is never found). An
      // identifier function hides in a closure: the probes below tell one apart, then delegated.
      return (v) => Array.isArray(v) && (v as unknown[]).every((a, i, all) => all.indexOf(a) === i);
    case 'isIn': {
      if (!Array.isArray(c0)) return undefined;
      // `some(p => p === value)`: a Set's SameValueZero but for NaN, which === never finds.
      const values = new Set<unknown>(c0);
      return (v) => values.has(v) && v === v;
    }
    case 'isLength': {
      if ((c0 !== undefined && typeof c0 !== 'number') || (c1 !== undefined && typeof c1 !== 'number'))
        return undefined;
      const min = c0 || 0;
      return (v) => {
        if (typeof v !== 'string') return false;
        const length = validatorLength(v);
        return length >= min && (c1 === undefined || length <= c1);
      };
    }
    case 'matches': {
      let re: RegExp;
      if (OBJECT_TAG(c0) === '[object RegExp]') {
        if (!(c0 instanceof RegExp) || Object.getPrototypeOf(c0) !== RegExp.prototype) return undefined;
        re = c0;
      } else {
        if (typeof c0 !== 'string' || (c1 !== undefined && typeof c1 !== 'string')) return undefined;
        try {
          re = new RegExp(c0, c1);
        } catch {
          return undefined;
        }
      }
      // `!!str.match(re)`: the same as test() but with g (all matches) or y (lastIndex): not compiled.
      if (re.global || re.sticky) return undefined;
      return (v) => typeof v === 'string' && re.test(v);
    }
    default:
      return undefined;
  }
}

function isThenable(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** The slow path's call of a constraint, as customValidations makes it; a promise goes to the slow path. */
function delegatedCheck(metadata: ValidationMetadata, constraint: ConstraintMetadata): Check {
  const validator = constraint.instance;
  return (value, object) => {
    const args: ValidationArguments = {
      targetName: (object.constructor as { name?: string } | undefined)?.name as string,
      property: metadata.propertyName,
      object,
      value,
      constraints: metadata.constraints as unknown[],
    };
    if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      const valid = validator.validate(value, args);
      return !isThenable(valid) && !!valid;
    }
    if (!Array.isArray(value)) return false;
    for (const item of value as unknown[]) {
      const valid = validator.validate(item, args);
      if (isThenable(valid) || !valid) return false;
    }
    return true;
  };
}

/** Values on which an inline check must agree with the constraint's own validate, or it is delegated. */
function probes(constraints: readonly unknown[]): unknown[] {
  const values: unknown[] = [undefined, null, '', 'a', 'ab', 'abc', ' a ', 'A-b_9', '__proto__', '👍', '❤️', 'é'];
  values.push(
    0,
    -0,
    1,
    -1,
    2,
    1.5,
    0.25,
    -100,
    100,
    101,
    NaN,
    Infinity,
    -Infinity,
    true,
    false,
    {},
    [],
    ['a'],
    ['a', 'a'],
  );
  values.push(
    new String('a'),
    new Boolean(true),
    [{}, {}],
    [[], []],
    [1, 1],
    [NaN],
    ['a', 'A'],
    [1, '1'],
    ['a', 'b', 'a'],
  );
  for (const c of constraints) {
    if (typeof c === 'number' && Number.isFinite(c)) {
      values.push(c, c - 1, c + 1, c + 0.5);
      if (c >= 0 && c <= 4096) values.push('x'.repeat(c), 'x'.repeat(c + 1), 'x'.repeat(Math.max(c - 1, 0)));
    }
    if (Array.isArray(c)) values.push(...(c as unknown[]), [...(c as unknown[])]);
  }
  return values;
}

function agreesOnProbes(
  check: (value: unknown) => boolean,
  metadata: ValidationMetadata,
  constraint: ConstraintMetadata,
): boolean {
  const validator = constraint.instance;
  const constraints = (metadata.constraints as unknown[] | undefined) ?? [];
  return probes(constraints).every((value) => {
    let expected: boolean;
    try {
      const args = { targetName: '', property: metadata.propertyName, object: {}, value, constraints };
      expected = !!validator.validate(value, args);
    } catch {
      expected = false;
    }
    return check(value) === expected;
  });
}

function eachCheck(check: (value: unknown) => boolean, each: boolean): Check {
  if (!each) return check;
  return (value) => {
    if (Array.isArray(value)) return (value as unknown[]).every(check);
    if (value instanceof Set || value instanceof Map) return false;
    return check(value);
  };
}

// ---------------------------------------------------------------------------------------------
// Plans

const plans = new WeakMap<DtoClass, Plan>();

function unsupported(cls: DtoClass, reason: string): Plan {
  return { cls, unsupported: reason, props: new Map(), constraints: [] };
}

function planFor(cls: DtoClass): Plan {
  let plan = plans.get(cls);
  if (!plan) {
    plan = makePlan(cls);
    plans.set(cls, plan);
  }
  return plan;
}

function makePlan(cls: DtoClass): Plan {
  if (!TRANSFORMER_STORAGE_OK) return unsupported(cls, 'class-transformer metadata storage not found');
  const validation = getMetadataStorage();
  const metadatas = validation.getTargetValidationMetadatas(cls, '', false, false, undefined);
  if (metadatas.length === 0) return unsupported(cls, 'no validation metadata (forbidUnknownValues)');
  if (transformerStorage.getStrategy(cls) !== 'none') return unsupported(cls, '@Expose/@Exclude strategy');
  if (transformerStorage.getExposedMetadatas(cls).length > 0) return unsupported(cls, '@Expose');
  if (transformerStorage.getExcludedMetadatas(cls).length > 0) return unsupported(cls, '@Exclude');

  const grouped = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = grouped.get(metadata.propertyName);
    if (list) list.push(metadata);
    else grouped.set(metadata.propertyName, [metadata]);
  }

  let sample: object;
  try {
    sample = new cls();
  } catch {
    return unsupported(cls, 'the constructor throws');
  }
  for (const key of Object.keys(sample)) {
    if (!grouped.has(key)) return unsupported(cls, `own property ${key} without validation (whitelist)`);
  }

  const props = new Map<string, Prop>();
  const described: string[] = [];
  for (const [key, list] of grouped) {
    // class-transformer skips a key the prototype has (a method, a getter) or a function field.
    if (key in cls.prototype) return unsupported(cls, `${key} is on the prototype`);
    if (typeof (sample as Record<string, unknown>)[key] === 'function') return unsupported(cls, `${key} is a function`);
    const conditions: Condition[] = [];
    const checks: Check[] = [];
    let nested = false;
    for (const metadata of list) {
      if (metadata.validateIf) return unsupported(cls, `${key}: validateIf option`);
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION: {
          const condition = (metadata.constraints as unknown[] | undefined)?.[0];
          if (typeof condition !== 'function') return unsupported(cls, `${key}: condition without function`);
          conditions.push(condition as Condition);
          break;
        }
        case ValidationTypes.NESTED_VALIDATION:
          nested = true;
          break;
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CUSTOM_VALIDATION: {
          for (const constraint of validation.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return unsupported(cls, `${key}: async constraint ${constraint.name}`);
            const inline = inlineCheck(constraint.name, (metadata.constraints as unknown[] | undefined) ?? []);
            if (inline && agreesOnProbes(inline, metadata, constraint)) {
              checks.push(eachCheck(inline, metadata.each === true));
              described.push(`${key}.${constraint.name}: inline`);
            } else {
              checks.push(delegatedCheck(metadata, constraint));
              described.push(`${key}.${constraint.name}: delegated`);
            }
          }
          break;
        }
        default:
          return unsupported(cls, `${key}: ${metadata.type}`);
      }
    }

    const type = transformerStorage.findTypeMetadata(cls, key);
    let nestedType: TypeFn | undefined;
    if (type || nested) {
      if (!type || !nested) return unsupported(cls, `${key}: @ValidateNested and @Type go together here`);
      if (type.options?.discriminator) return unsupported(cls, `${key}: @Type discriminator`);
      const reflected: unknown = type.reflectedType;
      if (reflected !== undefined && reflected !== Array && reflected !== Object && !isDtoLike(reflected)) {
        return unsupported(
          cls,
          `${key}: reflected type ${typeof reflected === 'function' ? reflected.name : typeof reflected}`,
        );
      }
      nestedType = type.typeFunction ? type.typeFunction : () => reflected;
    }

    const transforms = transformerStorage
      .findTransformMetadatas(cls, key, TransformationType.PLAIN_TO_CLASS)
      .filter((t) => !t.options || !t.options.groups || !t.options.groups.length)
      .map((t) => t.transformFn as TransformFn);
    if (nestedType && transforms.length > 0) return unsupported(cls, `${key}: @Transform on a nested DTO`);

    props.set(key, { key, conditions, checks, nestedType, transforms });
  }
  return { cls, unsupported: undefined, props, constraints: described };
}

/** A class whose `new` is neither a Set nor has push: class-transformer then makes a plain array. */
function isDtoLike(type: unknown): boolean {
  if (typeof type !== 'function' || BUILTIN_TYPES.has(type)) return false;
  const proto = (type as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null && !(proto instanceof Set) && !('push' in proto);
}

// ---------------------------------------------------------------------------------------------
// Building and checking

/** A copy as class-transformer makes of an untyped value (primitives as they are); FAIL if unsure. */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      const copy = copyPlain(item);
      if (copy === FAIL) return FAIL;
      out.push(copy);
    }
    return out;
  }
  if (!isPlainObject(value)) return FAIL;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key in EMPTY) return FAIL; // skipped by class-transformer (toString, constructor, ...)
    const copy = copyPlain(value[key]);
    if (copy === FAIL) return FAIL;
    out[key] = copy;
  }
  return out;
}

function buildNested(prop: Prop, typeFn: TypeFn, instance: object, plain: object, value: unknown): unknown {
  const type = typeFn({ newObject: instance, object: plain, property: prop.key });
  if (!isDtoLike(type)) return FAIL;
  const plan = planFor(type as DtoClass);
  if (plan.unsupported !== undefined) return FAIL;
  if (Array.isArray(value)) {
    const out: object[] = [];
    for (const item of value as unknown[]) {
      if (!isPlainObject(item)) return FAIL;
      const built = build(plan, item);
      if (built === FAIL) return FAIL;
      out.push(built);
    }
    return out;
  }
  return isPlainObject(value) ? build(plan, value) : FAIL;
}

/** plainToInstance then validateSync on a safe plain object: the instance, or FAIL. */
function build(plan: Plan, plain: Record<string, unknown>): Built {
  const instance = new plan.cls() as Record<string, unknown>;
  let options: typeof TRANSFORM_OPTIONS | undefined;
  for (const key of Object.keys(plain)) {
    const prop = plan.props.get(key);
    if (!prop) return FAIL;
    let value = prop.nestedType
      ? buildNested(prop, prop.nestedType, instance, plain, plain[key])
      : copyPlain(plain[key]);
    if (value === FAIL) return FAIL;
    for (const transform of prop.transforms) {
      options ??= { ...TRANSFORM_OPTIONS };
      value = transform({ value, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options });
    }
    instance[key] = value;
  }
  for (const prop of plan.props.values()) {
    const value = instance[prop.key];
    let validates = true;
    for (const condition of prop.conditions) if (!condition(instance, value)) validates = false;
    if (!validates) continue;
    for (const check of prop.checks) if (!check(value, instance)) return FAIL;
    // A nested value was built from a plain object and checked by build, or is not there.
  }
  return instance;
}

// ---------------------------------------------------------------------------------------------
// API

const compiled = new WeakMap<DtoClass, (value: unknown) => object>();

/** The fast path alone: the instance, or undefined where validateDtoSlow would have to decide. */
export function fastValidate<T extends object>(cls: new () => T, value: unknown): T | undefined {
  const plan = planFor(cls);
  if (plan.unsupported !== undefined || !isPlainObject(value) || unsafePath(value) !== null) return undefined;
  const built = build(plan, value);
  return built === FAIL ? undefined : (built as T);
}

/** validateDto for one class, compiled once: the fast accept path, else validateDtoSlow. */
export function compileDto<T extends object>(cls: new () => T): (value: unknown) => T {
  let fn = compiled.get(cls);
  if (!fn) {
    const plan = planFor(cls);
    fn =
      plan.unsupported !== undefined
        ? (value) => validateDtoSlow(cls, value)
        : (value) => fastValidate(cls, value) ?? validateDtoSlow(cls, value);
    compiled.set(cls, fn);
  }
  return fn as (value: unknown) => T;
}

/** Why a class (or a nested DTO of it) always takes the slow path; undefined when it is compiled. */
export function slowReason(cls: DtoClass, seen = new Set<DtoClass>()): string | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const plan = planFor(cls);
  if (plan.unsupported !== undefined) return `${cls.name}: ${plan.unsupported}`;
  for (const prop of plan.props.values()) {
    if (!prop.nestedType) continue;
    let type: unknown;
    try {
      type = prop.nestedType({ newObject: {}, object: {}, property: prop.key });
    } catch {
      return `${cls.name}.${prop.key}: @Type function throws`;
    }
    if (!isDtoLike(type)) return `${cls.name}.${prop.key}: nested type is not a DTO`;
    const reason = slowReason(type as DtoClass, seen);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** True when valid payloads of the class are accepted without class-validator or class-transformer's engines. */
export function isFullyCompiled(cls: DtoClass): boolean {
  return slowReason(cls) === undefined;
}

/** What each constraint of a class compiled to (`key.name: inline|delegated`), for tests and reports. */
export function compiledConstraints(cls: DtoClass): readonly string[] {
  return planFor(cls).constraints;
}
