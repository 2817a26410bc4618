import { readdirSync, existsSync } from 'node:fs';
import { Transform, Type } from 'class-transformer';
import {
  ArrayUnique,
  IsInt,
  IsOptional,
  IsString,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { join } from 'node:path';
import * as crashDtos from '../crash/dto/crash.dto.js';
import * as eventDtos from '../events/dto/event.dto.js';
import * as pollDtos from '../polls/dto/poll.dto.js';
import * as qaDtos from '../qa/dto/qa.dto.js';
import * as quizDtos from '../quiz/dto/quiz.dto.js';
import * as stageDtos from '../stage/dto/stage.dto.js';
import { AppError } from '../common/errors.js';
import { compileDto, compiledConstraints, fastValidate, isFullyCompiled, slowReason } from './compiled-dto.js';
import { validateDto, validateDtoSlow } from './dto-validation.pipe.js';

type Dto = new () => object;

/** Every DTO module of src/*\/dto/, by its path from src/: a new file must be added here. */
const MODULES: Record<string, Record<string, unknown>> = {
  'crash/dto/crash.dto.ts': crashDtos,
  'events/dto/event.dto.ts': eventDtos,
  'polls/dto/poll.dto.ts': pollDtos,
  'qa/dto/qa.dto.ts': qaDtos,
  'quiz/dto/quiz.dto.ts': quizDtos,
  'stage/dto/stage.dto.ts': stageDtos,
};

/** Valid payloads of every DTO class, realistic and from the decorators. */
const VALID: Record<string, Record<string, unknown>[]> = {
  EntryDto: [
    { id: 'kestrel', name: 'Kestrel GT', brand: 'Volvo', model: 'EX30', country: 'se' },
    { id: 'k-2_b', name: '  Padded name ', brand: 'B' },
    { name: 'Ümlaut 🚗', brand: 'x'.repeat(40), id: 'a'.repeat(40), country: 'JP' },
  ],
  ResultDto: [
    {
      id: 'r1',
      entryId: 'kestrel',
      test: 'moose',
      score: 87.25,
      stars: 5,
      metrics: { 'brake.m': 31.5, speed_kmh: 72 },
    },
    { id: 'r2', entryId: 'kestrel', test: 'side', score: 0 },
    { id: 'r3', entryId: 'k', test: 't', score: 100, stars: 0, metrics: {} },
  ],
  VoidDto: [{ resultId: 'r1' }],
  FreezeDto: [{ frozen: true }, { frozen: false }],
  AuditQueryDto: [{}, { resultId: 'r1' }],
  CreateEventDto: [
    { id: 'summit-2025', name: 'Summit', moderation: true, inviteCodes: ['ABCD', 'efgh_1234'] },
    { id: 'a', name: ' x ' },
    { id: 'b', name: 'Y', inviteCodes: [] },
  ],
  JoinEventDto: [{}, { name: 'Ana', country: 'br', locale: 'pt-BR', inviteCode: 'ABCD' }, { name: ' 李 ' }],
  IssueTokenDto: [
    { role: 'operator', eventId: 'summit', name: 'Ops' },
    { role: 'screen', eventId: 's-1', name: ' Hall screen ' },
  ],
  PollOptionDto: [{ label: { en: 'Yes' } }, { id: 'o1', label: { en: 'A', fr: 'B' }, stars: 3, min: 0, max: 50.5 }],
  PredictsDto: [{ entryId: 'kestrel', test: 'moose' }],
  ScaleDto: [
    { min: 1, max: 5 },
    { min: -100, max: 100 },
  ],
  CreatePollDto: [
    {
      kind: 'single',
      question: { en: 'Which one?' },
      options: [{ label: { en: 'A' } }, { id: 'b', label: { en: 'B' } }],
      maxChoices: 1,
      results: 'live',
      revealed: false,
    },
    { kind: 'rating', question: { en: 'Rate', de: 'Bewerten' }, scale: { min: 1, max: 5 } },
    {
      id: 'pred-1',
      kind: 'single',
      question: { en: 'Stars?' },
      predicts: { entryId: 'kestrel', test: 'moose' },
      options: [
        { label: { en: '5' }, stars: 5 },
        { label: { en: 'high' }, min: 80, max: 100 },
      ],
    },
    { kind: 'wordcloud', question: { en: 'One word' }, results: 'hidden' },
    {
      kind: 'ranking',
      question: { en: 'Order' },
      options: [{ label: { en: 'A' } }, { label: { en: 'B' } }],
      maxRank: 2,
    },
    { kind: 'text', question: { en: 'Say', zh: '说' }, moderated: true },
  ],
  PollIdDto: [{ pollId: 'p1' }, { pollId: 'a'.repeat(40) }],
  QuizOptionDto: [{ id: 'a', label: { en: 'A', zh: '甲' } }],
  QuizQuestionDto: [
    {
      id: 'k1',
      text: { en: 'Which year?' },
      options: [
        { id: 'a', label: { en: '2024' } },
        { id: 'b', label: { en: '2025' } },
      ],
      timeLimitMs: 5000,
      correct: ['b'],
    },
  ],
  QuizScoringDto: [{}, { basePoints: 10_000, speed: false, streak: true }],
  CreateQuizDto: [
    {
      id: 'quiz-1',
      title: { en: 'Summit quiz', zh: '峰会测验' },
      scoring: { basePoints: 1000 },
      questions: [
        {
          id: 'k1',
          text: { en: 'Q?' },
          options: [
            { id: 'a', label: { en: 'A' } },
            { id: 'b', label: { en: 'B' } },
          ],
          timeLimitMs: 120_000,
          correct: ['a', 'b'],
        },
      ],
    },
  ],
  QuizIdDto: [{ quizId: 'quiz-1' }],
  QuizAnswerDto: [
    { quizId: 'quiz-1', questionId: 'k1', optionId: 'a' },
    { quizId: 'Q_-9', questionId: 'x'.repeat(40), optionId: 'b' },
  ],
  CastVoteDto: [
    { pollId: 'p1', optionIds: ['a', 'b'] },
    { pollId: 'p1', optionIds: ['only'] },
    { pollId: 'p1', value: -100 },
    { pollId: 'p1', value: 100 },
    { pollId: 'p1', text: 'hello 👍' },
    { pollId: 'p1', text: '😀'.repeat(80) },
    { pollId: 'p1', optionIds: ['a'], value: 3, text: 'x' },
    { pollId: 'p1', optionIds: Array.from({ length: 20 }, (_, i) => `o${i}`) },
    { pollId: 'p1', ranking: ['b', 'a', 'c'] },
    { pollId: 'p1', text: 'x'.repeat(280) },
  ],
  ModerateAnswerBodyDto: [{ action: 'approve' }, { action: 'reject' }],
  ModerateAnswerDto: [{ pollId: 'p1', answerId: 'a-xY_9', action: 'reject' }],
  AskDto: [
    { text: 'How does it work?', anonymous: true, lang: 'en' },
    { text: '  Why?  ' },
    { text: 'Ça va ?', lang: 'fr-CA' },
  ],
  QuestionIdDto: [{ questionId: 'q1' }, { questionId: 'Q_-9' }],
  ModerateDto: [
    { questionId: 'q1', action: 'approve' },
    { questionId: 'q1', action: 'answer', answer: ' yes ' },
  ],
  ModerateBodyDto: [{ action: 'reject' }, { action: 'answer', answer: 'Done.' }],
  MergeDto: [{ questionId: 'q1', intoId: 'q2' }],
  MergeBodyDto: [{ intoId: 'q2' }],
  SettingsDto: [{ moderation: false }],
  QuestionFilterDto: [{}, { status: 'pending', koc: 'true' }, { koc: 'false' }],
  StageCueDto: [
    { kind: 'announcement', title: 'Hi', body: 'text', until: 1_700_000_000_000 },
    { kind: 'clear' },
    { kind: 'countdown', until: 8_640_000_000_000_000 },
  ],
  ReactionDto: [{ emoji: '👍' }, { emoji: '❤️' }, { emoji: '🚗' }],
  SceneDto: [{ kind: 'poll', pollId: 'p1' }, { kind: 'blank' }],
};

/** The DTOs of the hot paths (vote, prediction vote, upvote, reaction): never the slow engines. */
const HOT = ['CastVoteDto', 'PollIdDto', 'QuestionIdDto', 'ReactionDto', 'QuizAnswerDto'];

const deep = (n: number): unknown => (n === 0 ? 1 : { d: deep(n - 1) });

/** Values each field is tried with. */
const WRONG: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  2.005,
  87.255,
  1e-7,
  1.5e-7,
  1e21,
  NaN,
  Infinity,
  -Infinity,
  3,
  5,
  6,
  20,
  21,
  100,
  101,
  -100,
  -101,
  8_640_000_000_000_000,
  8_640_000_000_000_001,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  '  ',
  'a',
  'ab',
  'abc',
  'x'.repeat(35),
  'x'.repeat(36),
  'x'.repeat(40),
  'x'.repeat(41),
  'x'.repeat(80),
  'x'.repeat(81),
  'x'.repeat(120),
  'x'.repeat(121),
  'x'.repeat(280),
  'x'.repeat(281),
  ' ' + 'x'.repeat(80) + ' ',
  '😀'.repeat(40),
  '😀'.repeat(41),
  '😀'.repeat(80),
  '😀'.repeat(81),
  '❤️'.repeat(80),
  '❤️'.repeat(81),
  '👍️'.repeat(80),
  '\uFE0F'.repeat(3),
  'e\u0301',
  '\ud800',
  'a\ud800b',
  '\udc00',
  '\udc00\ud800',
  'a\nb',
  'ab\n',
  'a\u0000',
  'a\u007f',
  'a\u0085',
  'tab\there',
  '\u200b',
  ' pad ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  '__proto__x',
  'a-b_C',
  'a.b',
  'ABCD',
  'abc',
  'operator',
  'screen',
  'admin',
  'approve',
  'answer',
  'APPROVE',
  'single',
  'multi',
  'live',
  'on-reveal',
  'pending',
  'true',
  'false',
  '👍',
  '👍🏽',
  '❤',
  '❤️',
  'XX',
  'se',
  'SE',
  'us',
  'zz',
  'en',
  'pt-BR',
  'xx-YY-ZZ',
  'en_US',
  '1',
  '-1',
  [],
  [1],
  ['a'],
  ['a', 'a'],
  ['a', 'b'],
  ['a', 1],
  ['__proto__'],
  ['abc', 'toString'],
  Array.from({ length: 20 }, (_, i) => `o${i}`),
  Array.from({ length: 21 }, (_, i) => `o${i}`),
  Array.from({ length: 101 }, (_, i) => `code${i}`),
  [null],
  [[]],
  [{}],
  [{ label: { en: 'x' } }],
  {},
  { en: 'x' },
  { en: '' },
  { en: ' ' },
  { fr: 'x' },
  { en: 'x', toString: 'y' },
  { en: 'x', 'not a locale': 'y' },
  { a: 1 },
  { 'a b': 1 },
  { min: 1, max: 5 },
  { min: 1.5, max: 5 },
  { entryId: 'k', test: 't' },
  { entryId: 'k' },
  deep(5),
  deep(9),
  new Date(0),
  new String('a'),
  Object.create(null) as object,
];

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  }
  return value;
}

/** Mutations of one payload: each field removed, replaced, nested values mutated, extra keys. */
function mutations(payload: Record<string, unknown>, depth = 0): unknown[] {
  const out: unknown[] = [];
  for (const key of Object.keys(payload)) {
    const { [key]: _removed, ...rest } = payload;
    out.push(rest);
    for (const wrong of WRONG) out.push({ ...payload, [key]: wrong });
    const value = payload[key];
    if (depth < 2 && value !== null && typeof value === 'object') {
      if (Array.isArray(value)) {
        const list = value as unknown[];
        list.forEach((item, i) => {
          for (const wrong of WRONG.slice(0, 40))
            out.push({ ...payload, [key]: list.map((v, j) => (i === j ? wrong : v)) });
          if (item !== null && typeof item === 'object') {
            for (const m of mutations(item as Record<string, unknown>, depth + 1)) {
              out.push({ ...payload, [key]: list.map((v, j) => (i === j ? m : v)) });
            }
          }
        });
        out.push({ ...payload, [key]: [...list, ...list] });
      } else {
        for (const m of mutations(value as Record<string, unknown>, depth + 1)) out.push({ ...payload, [key]: m });
        out.push({ ...payload, [key]: [value] });
      }
    }
  }
  for (const extra of ['extra', 'toString', 'valueOf', 'constructor', 'prototype', ''])
    out.push({ ...payload, [extra]: 'x' });
  out.push(JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(payload).slice(1)}`.replace(/, }$/, '}')));
  out.push(Object.assign(Object.create(null) as object, payload));
  out.push([payload], JSON.stringify(payload), null, undefined, 1, 'x', true, []);
  return out;
}

/** mulberry32: a fixed seed, the same fuzz every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  'a',
  'Z',
  '0',
  '-',
  '_',
  ' ',
  '.',
  '\n',
  '\u0000',
  '😀',
  '❤',
  '\uFE0F',
  'é',
  '\u0301',
  '\ud800',
  '\udc00',
  '李',
];

function fuzz(payloads: Record<string, unknown>[], count: number, seed: number): unknown[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const keys = [...new Set(payloads.flatMap((p) => Object.keys(p))), 'extra'];
  const values = (key: string): unknown[] => payloads.filter((p) => key in p).map((p) => p[key]);
  const randomString = (): string => Array.from({ length: Math.floor(random() * 45) }, () => pick(ALPHABET)).join('');
  const randomValue = (key: string, depth: number): unknown => {
    const r = random();
    if (r < 0.3 && values(key).length > 0) return clone(pick(values(key)));
    if (r < 0.55) return pick(WRONG);
    if (r < 0.7) return randomString();
    if (r < 0.8) return Math.round((random() - 0.5) * 300 * 100) / (random() < 0.5 ? 100 : 1);
    if (r < 0.9 && depth < 3)
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(key, depth + 1));
    if (depth < 3)
      return Object.fromEntries(keys.filter(() => random() < 0.3).map((k) => [k, randomValue(k, depth + 1)]));
    return randomString();
  };
  return Array.from({ length: count }, () => {
    const base = clone(pick(payloads)) as Record<string, unknown>;
    for (const key of keys) {
      const r = random();
      if (r < 0.15) delete base[key];
      else if (r < 0.35) base[key] = randomValue(key, 0);
    }
    return base;
  });
}

type Outcome = { ok: true; proto: unknown; value: unknown } | { ok: false; body: unknown };

function outcome(run: () => object): Outcome {
  try {
    const value = run();
    return { ok: true, proto: Object.getPrototypeOf(value), value };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, body: err.toBody() };
    // A slow path's own crash (isNumber on 1e-7): the same crash, not a validation error.
    return { ok: false, body: { thrown: (err as Error).constructor.name, message: (err as Error).message } };
  }
}

function dtoClasses(module: Record<string, unknown>): [string, Dto][] {
  return Object.entries(module).filter((entry): entry is [string, Dto] => {
    const value = entry[1];
    return typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value));
  });
}

const ALL: [string, Dto][] = Object.values(MODULES).flatMap(dtoClasses);

describe('compiled DTO validation', () => {
  it('covers every DTO file of src/*/dto/ and every DTO class they export', () => {
    const src = join(process.cwd(), 'src');
    const onDisk = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(src, d.name, 'dto')))
      .flatMap((d) =>
        readdirSync(join(src, d.name, 'dto'))
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
          .map((f) => `${d.name}/dto/${f}`),
      )
      .sort();
    expect(Object.keys(MODULES).sort()).toEqual(onDisk);
    expect(ALL.map(([name]) => name).sort()).toEqual(Object.keys(VALID).sort());
  });

  it('compiles the hot DTOs fully, with inline checks only', () => {
    for (const name of HOT) {
      const cls = ALL.find(([n]) => n === name)?.[1];
      if (!cls) throw new Error(`no ${name}`);
      expect(slowReason(cls)).toBeUndefined();
      expect(isFullyCompiled(cls)).toBe(true);
      expect(compiledConstraints(cls).filter((c) => !c.endsWith(': inline'))).toEqual([]);
    }
  });

  it('delegates a constraint it cannot see through, and agrees', () => {
    // A custom decorator under a built-in's name, and an ArrayUnique with a key function.
    const LooseString = (): PropertyDecorator => (target, propertyName) =>
      registerDecorator({
        name: 'isString',
        target: target.constructor,
        propertyName: String(propertyName),
        validator: { validate: (value: unknown) => typeof value === 'string' || typeof value === 'number' },
      });
    class Odd {
      @LooseString()
      name!: string;

      @IsOptional()
      @ArrayUnique((s: string) => s.toLowerCase())
      tags?: string[];
    }
    expect(compiledConstraints(Odd)).toEqual(['name.isString: delegated', 'tags.arrayUnique: delegated']);
    for (const payload of [
      { name: 1 },
      { name: 'a', tags: ['a', 'A'] },
      { name: 'a', tags: ['a', 'b'] },
      { name: true },
    ]) {
      expect(outcome(() => compileDto(Odd)(payload))).toStrictEqual(outcome(() => validateDtoSlow(Odd, payload)));
    }
    expect(fastValidate(Odd, { name: 1 })).toEqual({ name: 1 });
  });

  it('runs @Transform, @ValidateIf and nested @Type as the slow path does, and falls back on what it does not compile', () => {
    class Inner {
      @IsInt()
      n!: number;
    }
    class Outer {
      @Transform(({ value, key, obj }: { value: unknown; key: string; obj: Record<string, unknown> }) =>
        typeof value === 'string' ? `${key}:${value}:${Object.keys(obj).length}` : value,
      )
      @IsString()
      s!: string;

      @ValidateIf((o: Outer) => o.s !== 's:skip:3')
      @IsInt()
      when?: number;

      @ValidateNested({ each: true })
      @Type(() => Inner)
      inner!: Inner[];
    }
    class Untyped {
      @ValidateNested()
      inner!: Inner;
    }
    expect(isFullyCompiled(Outer)).toBe(true);
    expect(slowReason(Untyped)).toMatch(/ValidateNested and @Type/);
    const payloads: unknown[] = [
      { s: 'a', when: 1, inner: [{ n: 1 }] },
      { s: 'skip', when: 'x', inner: [] },
      { s: 'a', when: 'x', inner: [] },
      { s: 'a', when: 1, inner: [{ n: 1.5 }] },
      { s: 'a', when: 1, inner: { n: 1 } },
      { s: 'a', when: 1, inner: [1] },
    ];
    for (const payload of payloads) {
      expect(outcome(() => compileDto(Outer)(clone(payload)))).toStrictEqual(
        outcome(() => validateDtoSlow(Outer, clone(payload))),
      );
      const inner = (payload as { inner: unknown }).inner;
      expect(outcome(() => compileDto(Untyped)({ inner }))).toStrictEqual(
        outcome(() => validateDtoSlow(Untyped, { inner })),
      );
    }
    expect(fastValidate(Outer, { s: 'skip', when: 'x', inner: [] })).toBeInstanceOf(Outer);
    expect(fastValidate(Outer, { s: 'a', when: 1, inner: [{ n: 2 }] })?.inner[0]).toBeInstanceOf(Inner);
  });

  describe.each(ALL)('%s', (name, cls) => {
    const valid = VALID[name] ?? [];

    it('takes the fast path on valid payloads when compiled, with the slow path’s instance', () => {
      expect(valid.length).toBeGreaterThan(0);
      for (const payload of valid) {
        const slow = outcome(() => validateDtoSlow(cls, clone(payload)));
        expect(slow.ok).toBe(true);
        const fast = fastValidate(cls, clone(payload));
        if (isFullyCompiled(cls)) expect(fast).toBeDefined();
        if (fast !== undefined) expect(outcome(() => fast)).toStrictEqual(slow);
      }
    });

    it('agrees with the slow path on valid payloads, their mutations and seeded fuzz', () => {
      const cases = [...valid, ...valid.flatMap((p) => mutations(p)), ...fuzz(valid, 400, 0x5eed + name.length)];
      const compiled = compileDto(cls);
      let fastAccepts = 0;
      for (const payload of cases) {
        const slow = outcome(() => validateDtoSlow(cls, clone(payload)));
        const viaCompiled = outcome(() => compiled(clone(payload)));
        const viaValidateDto = outcome(() => validateDto(cls, clone(payload)));
        const fast = fastValidate(cls, clone(payload));
        try {
          expect(viaCompiled).toStrictEqual(slow);
          expect(viaValidateDto).toStrictEqual(slow);
          if (fast !== undefined) {
            fastAccepts++;
            expect(outcome(() => fast)).toStrictEqual(slow);
          }
        } catch (err) {
          throw new Error(`${name} ${JSON.stringify(payload)}: ${(err as Error).message}`, { cause: err });
        }
      }
      if (isFullyCompiled(cls)) expect(fastAccepts).toBeGreaterThanOrEqual(valid.length);
    });
  });
});
