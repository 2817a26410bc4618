import { AppError } from '../../common/errors.js';
import { validateDto, validateDtoSlow } from '../../realtime/dto-validation.pipe.js';
import { CreateQuizDto, QuizAnswerDto } from './quiz.dto.js';

const question = {
  id: 'k1',
  text: { en: 'Q?' },
  options: [
    { id: 'a', label: { en: 'A' } },
    { id: 'b', label: { en: 'B' } },
  ],
  timeLimitMs: 5000,
  correct: ['a'],
};
const quiz = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: { en: 'Quiz' },
  questions: [question],
  ...extra,
});

function fieldsOf(cls: new () => object, payload: unknown): string[] | 'ok' {
  const run = (validate: typeof validateDto): string[] | 'ok' => {
    try {
      validate(cls, payload);
      return 'ok';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return (err.details as { field: string }[]).map((d) => d.field);
    }
  };
  const slow = run(validateDtoSlow);
  expect(run(validateDto)).toEqual(slow);
  return slow;
}

describe('quiz DTOs', () => {
  it('takes a quiz with bounded questions, options, time limits and points', () => {
    expect(fieldsOf(CreateQuizDto, quiz())).toBe('ok');
    expect(fieldsOf(CreateQuizDto, quiz({ scoring: { basePoints: 10_000, speed: false } }))).toBe('ok');
    expect(fieldsOf(CreateQuizDto, quiz({ scoring: { basePoints: 10_001 } }))).toEqual(['scoring.basePoints']);
    expect(fieldsOf(CreateQuizDto, quiz({ scoring: [] }))).not.toBe('ok');
    expect(fieldsOf(CreateQuizDto, quiz({ questions: [] }))).toEqual(['questions']);
    expect(fieldsOf(CreateQuizDto, quiz({ questions: Array.from({ length: 51 }, () => question) }))).toEqual([
      'questions',
    ]);
    expect(fieldsOf(CreateQuizDto, quiz({ questions: [{ ...question, timeLimitMs: 4999 }] }))).toEqual([
      'questions.0.timeLimitMs',
    ]);
    expect(fieldsOf(CreateQuizDto, quiz({ questions: [{ ...question, timeLimitMs: 120_001 }] }))).toEqual([
      'questions.0.timeLimitMs',
    ]);
    expect(fieldsOf(CreateQuizDto, quiz({ questions: [{ ...question, options: [question.options[0]] }] }))).toEqual([
      'questions.0.options',
    ]);
    expect(fieldsOf(CreateQuizDto, quiz({ questions: [{ ...question, correct: [] }] }))).toEqual([
      'questions.0.correct',
    ]);
    expect(fieldsOf(CreateQuizDto, quiz({ questions: [[question]] }))).not.toBe('ok');
    expect(fieldsOf(CreateQuizDto, quiz({ status: 'running' }))).toEqual(['status']);
  });

  it('takes an answer of three ids', () => {
    expect(fieldsOf(QuizAnswerDto, { quizId: 'z', questionId: 'k1', optionId: 'a' })).toBe('ok');
    expect(fieldsOf(QuizAnswerDto, { quizId: 'z', questionId: '__proto__', optionId: 'a b' })).toEqual([
      'questionId',
      'optionId',
    ]);
  });
});
