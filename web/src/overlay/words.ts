// A word cloud's words, or an open-text poll's, as a compact list for the overlay: the top words
// with their counts, the most frequent first (a cloud needs the room a lower third does not have).
import { answerWords } from '../core/answer-words.js';
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { PollResults } from '../screen/poll.js';
import { ot } from './text.js';

const TOP = 8;

export class WordList extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly list = h('ol', { class: 'ov-word-list' });
  private readonly empty = h('p', { class: 'ov-empty-line' }, ot('noWords'));
  private seen = '';

  /** `phrases`: an open-text poll, whose tally counts whole answers (their words are counted here). */
  constructor(private readonly phrases: boolean) {
    super();
    this.el = h('div', { class: 'ov-words', attrs: { 'aria-label': ot('words') } }, this.list, this.empty);
  }

  update({ tally }: PollResults): void {
    const all = (tally.words ?? []).filter(([, n]) => n > 0);
    const top = (this.phrases ? answerWords(all, TOP) : all).slice(0, TOP);
    const sig = JSON.stringify(top);
    if (sig === this.seen) return;
    this.seen = sig;
    this.empty.classList.toggle('hidden', top.length > 0);
    const most = top[0]?.[1] ?? 1;
    fill(
      this.list,
      ...top.map(([word, n], i) =>
        h(
          'li',
          {
            class: i === 0 ? 'ov-word lead' : 'ov-word',
            data: { word, count: String(n) },
            style: { '--share': (n / most).toFixed(3) },
          },
          h('span', { class: 'ov-word-text', attrs: { dir: 'auto' } }, word),
          h('span', { class: 'ov-word-count' }, formatNumber(n)),
        ),
      ),
    );
  }
}
