// Single and multiple choice results: one bar per option that grows as the tally moves.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { pickText, locale } from '../core/i18n.js';
import type { Poll, PollOption } from '../core/types.js';
import { countTo } from './anim.js';
import { formatPercent } from './format.js';
import type { PollResults } from './poll.js';
import { starGlyphs } from './view.js';

interface Row {
  el: HTMLElement;
  fill: HTMLElement;
  pct: HTMLElement;
  count: HTMLElement;
}

function label(option: PollOption): HTMLElement {
  // Prediction options with stars read as stars in every language.
  if (option.stars !== undefined) {
    return h(
      'span',
      { class: 'bar-label stars', attrs: { 'aria-label': pickText(option.label, locale()) } },
      starGlyphs(option.stars),
    );
  }
  return h('span', { class: 'bar-label', attrs: { dir: 'auto' } }, pickText(option.label, locale()));
}

export class BarsView extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly rows = new Map<string, Row>();

  constructor(poll: Poll) {
    super();
    const n = poll.options.length;
    const tier = n > 10 ? 'xs' : n > 6 ? 's' : n > 4 ? 'm' : 'l';
    this.el = h('div', { class: `bars bars-${tier}`, style: { '--rows': String(Math.ceil(n / 2)) } });
    for (const option of poll.options) {
      const fillEl = h('span', { class: 'bar-fill' });
      const pct = h('span', { class: 'bar-pct' });
      const count = h('span', { class: 'bar-count' });
      const el = h(
        'div',
        { class: 'bar-row', data: { option: option.id } },
        label(option),
        h('span', { class: 'bar-nums' }, count, pct),
        h('div', { class: 'bar-track' }, fillEl),
      );
      this.rows.set(option.id, { el, fill: fillEl, pct, count });
      this.el.append(el);
    }
  }

  update({ poll, tally }: PollResults): void {
    const total = tally.total;
    const counts = poll.options.map((o) => tally.counts[o.id] ?? 0);
    const top = Math.max(0, ...counts);
    poll.options.forEach((option, i) => {
      const row = this.rows.get(option.id);
      if (!row) return;
      const count = counts[i] ?? 0;
      const pct = total > 0 ? (count / total) * 100 : 0;
      row.fill.style.width = `${pct}%`;
      countTo(row.pct, Math.round(pct), formatPercent);
      countTo(row.count, count);
      row.el.classList.toggle('lead', top > 0 && count === top && !poll.correct);
      row.el.classList.toggle('correct', poll.correct?.includes(option.id) ?? false);
      row.el.classList.toggle('wrong', poll.correct !== undefined && !poll.correct.includes(option.id));
    });
  }
}
