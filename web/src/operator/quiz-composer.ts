// The quiz composer: a title and questions in English plus the languages switched on (as the poll
// composer does), each question's options with the right one(s) ticked and its time to answer,
// and the scoring switches (speed off is the accessible choice).
import { h, onSubmit } from '../core/dom.js';
import { LOCALES, LOCALE_NAMES, type Locale } from '../core/i18n.js';
import { I18nInput } from './composer-fields.js';
import type { Ctx } from './context.js';
import { qAttr, qt, qtr, type QuizKey } from './quiz-words.js';
import { button, command, toast, tr, uid } from './ui.js';

const EXTRA: Exclude<Locale, 'en'>[] = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en');
const MAX_OPTIONS = 6;
const MAX_QUESTIONS = 50;
const DEFAULT_SECONDS = 20;
const MAX_POINTS = 10_000;

/** A text in every language, its English input labelled by a key of the console or of the quiz. */
function quizText(
  root: HTMLElement,
  english: QuizKey | 'composer.questionEn' | 'composer.optionEn',
  maxLength: number,
): I18nInput {
  if (english === 'composer.questionEn' || english === 'composer.optionEn')
    return new I18nInput(root, english, maxLength);
  return new I18nInput(
    root,
    (input) => {
      qAttr(input, 'placeholder', english);
      qAttr(input, 'aria-label', english);
    },
    maxLength,
  );
}

interface OptionRow {
  el: HTMLElement;
  text: I18nInput;
  correct: HTMLInputElement;
  remove: HTMLButtonElement;
}

/** A question: its text, its options (2 to 6) with the right ones ticked, its time to answer. */
class QuestionBlock {
  readonly el: HTMLElement;
  private readonly heading = h('h3', {});
  readonly text: I18nInput;
  readonly seconds = h('input', {
    attrs: { type: 'number', min: 5, max: 120, step: 1, value: DEFAULT_SECONDS, inputmode: 'numeric' },
  });
  private readonly list = h('div', { class: 'option-list quiz-option-list' });
  private readonly rows: OptionRow[] = [];
  private readonly addOption: HTMLButtonElement;
  readonly removeButton: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    onRemove: (block: QuestionBlock) => void,
  ) {
    this.text = quizText(root, 'composer.questionEn', 300);
    this.addOption = button('composer.addOption', () => this.add(), 'secondary small');
    this.removeButton = button(qtr('composer.removeQuestion'), () => onRemove(this), 'secondary small');
    const secondsId = uid('quiz-seconds');
    this.seconds.id = secondsId;
    this.el = h(
      'fieldset',
      { class: 'block quiz-question-block' },
      h('legend', {}, this.heading),
      this.text.el,
      h('p', { class: 'muted small' }, qtr('composer.correctHint')),
      this.list,
      h(
        'div',
        { class: 'row quiz-question-foot' },
        this.addOption,
        h(
          'div',
          { class: 'field' },
          h('label', { attrs: { for: secondsId } }, qtr('composer.timeLimit')),
          this.seconds,
        ),
        this.removeButton,
      ),
    );
    this.add();
    this.add();
  }

  number(n: number): void {
    this.heading.replaceChildren(qtr('composer.questionN', { n }));
  }

  private add(): void {
    if (this.rows.length >= MAX_OPTIONS) return;
    const text = quizText(this.root, 'composer.optionEn', 120);
    const correct = h('input', { attrs: { type: 'checkbox' } });
    const remove = button(
      'composer.removeOption',
      () => {
        if (this.rows.length <= 2) return;
        this.rows.splice(this.rows.indexOf(row), 1);
        row.el.remove();
        this.sync();
      },
      'secondary small',
    );
    const row: OptionRow = {
      el: h(
        'div',
        { class: 'option-row quiz-option-row' },
        text.el,
        h('label', { class: 'check quiz-correct' }, correct, h('span', {}, qtr('composer.correct'))),
        remove,
      ),
      text,
      correct,
      remove,
    };
    this.rows.push(row);
    this.list.append(row.el);
    this.sync();
  }

  private sync(): void {
    for (const row of this.rows) row.remove.classList.toggle('hidden', this.rows.length <= 2);
    this.addOption.classList.toggle('hidden', this.rows.length >= MAX_OPTIONS);
  }

  /** The question of quiz:create (ids q1.., a b c..), or the problems found. */
  payload(n: number, problems: string[]): Record<string, unknown> {
    const text = this.text.value();
    if (!text.en) problems.push(qt('composer.needQuestion', { n }));
    const rows = this.rows.filter((r) => !r.text.isEmpty());
    if (rows.length < 2) problems.push(qt('composer.needOptions', { n }));
    const options = rows.map((r, i) => {
      const label = r.text.value();
      if (!label.en) problems.push(qt('composer.needOptionLabel', { n, m: i + 1 }));
      return { id: String.fromCharCode(97 + i), label };
    });
    const correct = rows.flatMap((r, i) => (r.correct.checked ? [String.fromCharCode(97 + i)] : []));
    if (correct.length === 0) problems.push(qt('composer.needCorrect', { n }));
    const seconds = Number(this.seconds.value);
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 120) problems.push(qt('composer.badTime', { n }));
    return { id: `q${n}`, text, options, timeLimitMs: seconds * 1000, correct };
  }
}

export class QuizComposer {
  readonly el = h('form', { class: 'card composer quiz-composer', attrs: { novalidate: true } });
  private readonly title = quizText(this.el, 'composer.titleEn', 120);
  private readonly questions: QuestionBlock[] = [];
  private readonly questionList = h('div', { class: 'quiz-questions' });
  private readonly addQuestion: HTMLButtonElement;
  private readonly basePoints = h('input', {
    attrs: { type: 'number', min: 1, max: MAX_POINTS, step: 1, value: 1000, inputmode: 'numeric' },
  });
  private readonly speed = h('input', { attrs: { type: 'checkbox', checked: true } });
  private readonly streak = h('input', { attrs: { type: 'checkbox', checked: true } });
  private readonly create = button(qtr('composer.create'), (b) => this.submit(b));

  constructor(private readonly ctx: Ctx) {
    this.addQuestion = button(qtr('composer.addQuestion'), () => this.add(), 'secondary');
    const pointsId = uid('quiz-points');
    this.basePoints.id = pointsId;
    const speedHint = h('p', { class: 'muted small quiz-speed-hint', attrs: { id: uid('quiz-speed-hint') } });
    speedHint.append(qtr('composer.speedHint'));
    this.speed.setAttribute('aria-describedby', speedHint.id);
    this.el.append(
      h('h2', {}, qtr('composer.title')),
      this.languageToggles(),
      h('div', { class: 'block' }, this.title.el),
      this.questionList,
      this.addQuestion,
      h(
        'fieldset',
        { class: 'block quiz-scoring' },
        h('legend', {}, qtr('composer.scoring')),
        h(
          'div',
          { class: 'field' },
          h('label', { attrs: { for: pointsId } }, qtr('composer.basePoints')),
          this.basePoints,
        ),
        h('label', { class: 'check' }, this.speed, h('span', {}, qtr('composer.speed'))),
        speedHint,
        h('label', { class: 'check' }, this.streak, h('span', {}, qtr('composer.streak'))),
      ),
      h(
        'div',
        { class: 'row actions' },
        this.create,
        button('composer.clear', () => this.clear(), 'secondary'),
      ),
    );
    this.el.addEventListener(
      'submit',
      onSubmit(() => this.submit(this.create)),
    );
    for (const code of EXTRA) this.el.dataset[`lang${code}`] = 'off';
    this.add();
  }

  /** A chip per language beside English: its inputs show while it is on. */
  private languageToggles(): HTMLElement {
    const langs = h('div', { class: 'langs row' }, h('span', { class: 'muted' }, tr('composer.translations')));
    for (const code of EXTRA) {
      const toggle = h('button', { class: 'chip', attrs: { type: 'button', 'aria-pressed': 'false', lang: code } });
      toggle.append('+ ', LOCALE_NAMES[code]);
      toggle.addEventListener('click', () => {
        const on = this.el.dataset[`lang${code}`] !== 'on';
        this.el.dataset[`lang${code}`] = on ? 'on' : 'off';
        toggle.setAttribute('aria-pressed', String(on));
        if (toggle.firstChild) toggle.firstChild.textContent = on ? '✓ ' : '+ ';
      });
      langs.append(toggle);
    }
    return langs;
  }

  private add(): void {
    if (this.questions.length >= MAX_QUESTIONS) return;
    const block = new QuestionBlock(this.el, (b) => this.remove(b));
    this.questions.push(block);
    this.questionList.append(block.el);
    this.renumber();
  }

  private remove(block: QuestionBlock): void {
    if (this.questions.length <= 1) return;
    this.questions.splice(this.questions.indexOf(block), 1);
    block.el.remove();
    this.renumber();
  }

  private renumber(): void {
    this.questions.forEach((q, i) => {
      q.number(i + 1);
      q.removeButton.classList.toggle('hidden', this.questions.length <= 1);
    });
    this.addQuestion.classList.toggle('hidden', this.questions.length >= MAX_QUESTIONS);
  }

  private clear(): void {
    for (const q of this.questions.splice(0)) q.el.remove();
    for (const input of this.title.el.querySelectorAll('input')) input.value = '';
    this.basePoints.value = '1000';
    this.speed.checked = true;
    this.streak.checked = true;
    this.add();
  }

  /** The payload of quiz:create, or the problems found before sending. */
  private payload(): { body: Record<string, unknown> } | { problems: string[] } {
    const problems: string[] = [];
    const title = this.title.value();
    if (!title.en) problems.push(qt('composer.needTitle'));
    const basePoints = Number(this.basePoints.value);
    if (!Number.isInteger(basePoints) || basePoints < 1 || basePoints > MAX_POINTS)
      problems.push(qt('composer.badPoints'));
    const questions = this.questions.map((q, i) => q.payload(i + 1, problems));
    const body = {
      title,
      scoring: { basePoints, speed: this.speed.checked, streak: this.streak.checked },
      questions,
    };
    return problems.length > 0 ? { problems } : { body };
  }

  private async submit(b: HTMLButtonElement): Promise<void> {
    const built = this.payload();
    if ('problems' in built) {
      toast(qt('composer.notReady'), 'error', built.problems);
      return;
    }
    const quiz = await command(this.ctx.live, 'quiz:create', built.body, [this.create, b]);
    if (!quiz) return;
    toast(qt('composer.created', { title: quiz.title.en ?? quiz.id }));
    this.clear();
  }
}
