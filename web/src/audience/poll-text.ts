// An open-text poll on a phone: a textarea (1..280 characters, the count left shown as you type),
// sent with its button or Enter (Shift+Enter for a new line); when the results show, the approved
// answers (newest first) and their words.
import { answerWords } from '../core/answer-words.js';
import { h, onSubmit } from '../core/dom.js';
import { countryLabel } from '../core/names.js';
import type { Poll, Tally } from '../core/types.js';
import { charsLeft, tk } from './words.js';
import { renderWords } from './poll-results.js';
import { setText, show } from './ui.js';

export const MAX_ANSWER = 280;
/** Answers shown on a phone at most. */
const SHOWN = 20;
/** Answers being typed: kept when the page is redrawn. */
const drafts = new Map<string, string>();

type TextAnswer = NonNullable<Tally['answers']>[number];

export class TextPart {
  readonly form: HTMLFormElement;
  /** The approved answers and their words (shown when the results are). */
  readonly results: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly counter = h('span', { class: 'counter muted small' });
  private readonly note = h('p', { class: 'muted small' });
  private readonly submit = h('button', { class: 'send', attrs: { type: 'submit' } });
  private readonly label: HTMLLabelElement;
  private readonly answersTitle = h('h4', { class: 'answers-title' });
  private readonly answers = h('ul', { class: 'answer-list' });
  private readonly empty = h('p', { class: 'muted small' });
  private readonly wordsTitle = h('h4', { class: 'answers-title' });
  private readonly words = h('ol', { class: 'words' });
  private poll: Poll;
  private enabled = false;
  private held = false;

  constructor(
    poll: Poll,
    private readonly onSend: (text: string) => void,
  ) {
    this.poll = poll;
    const id = `answer-${poll.id}`;
    this.input = h('textarea', {
      class: 'answer-input',
      attrs: { id, rows: 3, maxlength: MAX_ANSWER, enterkeyhint: 'send', 'aria-describedby': `${id}-left` },
      on: {
        input: () => this.typed(),
        keydown: (e) => {
          // Enter sends (not while an input method composes, as Chinese typing does); Shift+Enter is a new line.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            this.send();
          }
        },
      },
    });
    this.input.value = drafts.get(poll.id) ?? '';
    this.counter.id = `${id}-left`;
    this.label = h('label', { attrs: { for: id } });
    this.form = h(
      'form',
      { class: 'answer-form', on: { submit: onSubmit(() => this.send()) } },
      this.label,
      this.input,
      h('div', { class: 'answer-row' }, this.note, this.counter),
      this.submit,
    );
    this.results = h(
      'div',
      { class: 'answers-box' },
      this.answersTitle,
      this.answers,
      this.empty,
      this.wordsTitle,
      this.words,
    );
  }

  private typed(): void {
    drafts.set(this.poll.id, this.input.value);
    this.draw();
  }

  private send(): void {
    const text = this.input.value.trim();
    if (!this.enabled || !text || text.length > MAX_ANSWER) return;
    this.onSend(text);
  }

  /** The answer went in: the box is empty again. */
  sent(): void {
    drafts.delete(this.poll.id);
    this.input.value = '';
  }

  update(poll: Poll, open: boolean, busy: boolean, held: boolean): void {
    this.poll = poll;
    this.enabled = open && !busy;
    this.held = held;
    if (!open) drafts.delete(poll.id);
    this.draw();
  }

  private draw(): void {
    const length = this.input.value.length;
    setText(this.label, tk('answerLabel'));
    this.input.placeholder = tk('answerPlaceholder');
    this.input.disabled = !this.enabled;
    setText(this.counter, charsLeft(Math.max(0, MAX_ANSWER - length)));
    this.counter.classList.toggle('low', MAX_ANSWER - length <= 20);
    setText(this.note, this.poll.moderated ? tk('moderatedNote') : '');
    show(this.note, !!this.poll.moderated);
    setText(this.submit, this.held ? tk('replaceAnswer') : tk('sendAnswer'));
    this.submit.disabled = !this.enabled || this.input.value.trim() === '';
  }

  /** The approved answers, newest first, and the words they use. */
  drawResults(tally: Tally | undefined): void {
    show(this.results, !!tally);
    if (!tally) return;
    const list: TextAnswer[] = [...(tally.answers ?? [])]
      .filter((a) => (a.status ?? 'approved') === 'approved')
      .sort((a, b) => b.at - a.at)
      .slice(0, SHOWN);
    setText(this.answersTitle, tk('answersTitle'));
    setText(this.empty, tk('noAnswersYet'));
    show(this.empty, list.length === 0);
    const sig = JSON.stringify(list.map((a) => a.id));
    if (this.answers.dataset.sig !== sig) {
      this.answers.dataset.sig = sig;
      this.answers.replaceChildren(
        ...list.map((a) =>
          h(
            'li',
            { class: 'answer', data: { answerId: a.id } },
            h('span', { class: 'answer-text', attrs: { dir: 'auto' } }, a.text),
            a.country ? h('span', { class: 'answer-country muted small' }, countryLabel(a.country)) : null,
          ),
        ),
      );
    }
    const words = answerWords(tally.words ?? []);
    setText(this.wordsTitle, tk('wordsTitle'));
    show(this.wordsTitle, words.length > 0);
    show(this.words, words.length > 0);
    renderWords(this.words, words);
  }
}
