import { validateDtoSlow } from '../realtime/dto-validation.pipe.js';
import { CreateQuizDto } from '../quiz/dto/quiz.dto.js';
import { quizShapeErrors } from '../quiz/quiz-rules.js';
import { DEMO_QUIZ } from './demo-quiz.js';

describe('the demo quiz', () => {
  it('is a quiz the command would take: five questions in English and Chinese, speed and streak on', () => {
    const dto = validateDtoSlow(CreateQuizDto, JSON.parse(JSON.stringify(DEMO_QUIZ)));
    expect(quizShapeErrors(dto)).toEqual([]);
    expect(dto.questions).toHaveLength(5);
    for (const q of dto.questions) {
      expect(Object.keys(q.text)).toEqual(expect.arrayContaining(['en', 'zh']));
      for (const o of q.options) expect(Object.keys(o.label)).toEqual(expect.arrayContaining(['en', 'zh']));
    }
    expect(dto.scoring).toMatchObject({ speed: true, streak: true });
  });
});
