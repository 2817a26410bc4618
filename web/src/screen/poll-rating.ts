// Rating results: the mean, large, on its scale, and the distribution as columns.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { Poll } from '../core/types.js';
import { clearCount, countTo } from './anim.js';
import { formatDecimal } from './format.js';
import { t } from './words.js';
import type { PollResults } from './poll.js';

interface Column {
  el: HTMLElement;
  fill: HTMLElement;
  count: HTMLElement;
}

export class RatingView extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly columns = new Map<string, Column>();
  private readonly mean = h('span', { class: 'mean-value' }, '–');
  private readonly marker = h('span', { class: 'mean-marker' });
  private readonly min: number;
  private readonly max: number;

  constructor(poll: Poll) {
    super();
    this.min = poll.scale?.min ?? 1;
    this.max = poll.scale?.max ?? 5;
    const columns = h('div', { class: 'rating-columns' });
    for (let value = this.min; value <= this.max; value++) {
      const fill = h('span', { class: 'rating-fill' });
      const count = h('span', { class: 'rating-count' });
      const el = h(
        'div',
        { class: 'rating-column', data: { value: String(value) } },
        count,
        h('div', { class: 'rating-track' }, fill),
        h('span', { class: 'rating-value' }, formatNumber(value)),
      );
      this.columns.set(String(value), { el, fill, count });
      columns.append(el);
    }
    const scale = h(
      'div',
      { class: 'mean-scale' },
      h('span', { class: 'mean-end' }, formatNumber(this.min)),
      h('span', { class: 'mean-line' }, this.marker),
      h('span', { class: 'mean-end' }, formatNumber(this.max)),
    );
    const summary = h(
      'div',
      { class: 'rating-mean' },
      h('span', { class: 'mean-label' }, t('average')),
      this.mean,
      h('span', { class: 'mean-of' }, t('outOf', { max: formatNumber(this.max) })),
      scale,
    );
    this.el = h('div', { class: 'rating' }, summary, columns);
  }

  update({ tally }: PollResults): void {
    const counts = [...this.columns.keys()].map((value) => tally.counts[value] ?? 0);
    const top = Math.max(1, ...counts);
    for (const [value, column] of this.columns) {
      const count = tally.counts[value] ?? 0;
      column.fill.style.height = `${(count / top) * 100}%`;
      column.el.classList.toggle('lead', count > 0 && count === top);
      countTo(column.count, count);
    }
    if (tally.mean === undefined || tally.total === 0) {
      clearCount(this.mean, '–');
      this.marker.classList.add('hidden');
      return;
    }
    this.marker.classList.remove('hidden');
    countTo(this.mean, tally.mean, formatDecimal, 800);
    const at = this.max > this.min ? (tally.mean - this.min) / (this.max - this.min) : 0;
    this.marker.style.setProperty('inset-inline-start', `${Math.max(0, Math.min(1, at)) * 100}%`);
  }
}
