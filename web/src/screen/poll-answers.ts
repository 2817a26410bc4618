// Open-text results: a wall of the approved answers (newest first, as many as fit; a new one
// slides in at the top) beside a word cloud of their words (the word cloud of poll-words.ts).
import { answerWords } from '../core/answer-words.js';
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { countryLabel } from '../core/names.js';
import type { Tally } from '../core/types.js';
import { reorder } from './anim.js';
import type { PollResults } from './poll.js';
import { tk } from './words.js';
import { WordsView } from './poll-words.js';
import { lengthClass } from './view.js';

type TextAnswer = NonNullable<Tally['answers']>[number];

/** Answers laid out at most: the wall then shows those that fit. */
const MOST = 16;

function card(a: TextAnswer): HTMLElement {
  return h(
    'li',
    { class: `answer-card ${lengthClass(a.text, [60, 140])}`, data: { answerId: a.id } },
    h('p', { class: 'answer-text', attrs: { dir: 'auto' } }, a.text),
    a.country ? h('span', { class: 'answer-from' }, countryLabel(a.country)) : null,
  );
}

export class AnswersView extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly wall = h('ol', { class: 'answer-wall' });
  private readonly empty = h('p', { class: 'cloud-empty' }, tk('noAnswers'));
  private readonly words = new WordsView();
  private readonly cards = new Map<string, HTMLElement>();
  private readonly resize: ResizeObserver;

  constructor() {
    super();
    this.el = h(
      'div',
      { class: 'answers' },
      h('section', { class: 'answers-main', attrs: { 'aria-label': tk('answers') } }, this.wall, this.empty),
      h('section', { class: 'answers-words', attrs: { 'aria-label': tk('words') } }, this.words.el),
    );
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.wall);
  }

  update(results: PollResults): void {
    const shown = (results.tally.answers ?? [])
      .filter((a) => (a.status ?? 'approved') === 'approved')
      .sort((a, b) => b.at - a.at)
      .slice(0, MOST);
    this.empty.classList.toggle('hidden', shown.length > 0);
    const els = shown.map((a) => {
      let el = this.cards.get(a.id);
      if (!el) {
        el = card(a);
        this.cards.set(a.id, el);
      }
      return el;
    });
    for (const id of [...this.cards.keys()]) if (!shown.some((a) => a.id === id)) this.cards.delete(id);
    for (const el of els) el.classList.remove('cut');
    reorder(this.wall, els);
    this.fit();
    this.words.update({ ...results, tally: { ...results.tally, words: answerWords(results.tally.words ?? []) } });
  }

  /** Newest first, as many as the wall holds: the ones that would spill over are left out. */
  private fit(): void {
    const room = this.wall.clientHeight;
    if (room <= 0) return;
    const items = Array.from(this.wall.children) as HTMLElement[];
    for (const el of items) el.classList.remove('cut');
    const top = this.wall.getBoundingClientRect().top;
    for (const el of items) {
      const rect = el.getBoundingClientRect();
      if (rect.bottom - top > room + 1) el.classList.add('cut');
    }
  }

  destroy(): void {
    this.resize.disconnect();
  }
}
