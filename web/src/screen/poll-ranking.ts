// Ranking results: one bar per option by points, in the tally's order; rows slide to their new
// place as the order changes (anim.reorder: still when prefers-reduced-motion is set).
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber, locale, pickText } from '../core/i18n.js';
import type { Poll, Tally } from '../core/types.js';
import { countTo, reorder } from './anim.js';
import type { PollResults } from './poll.js';
import { tk } from './words.js';

type RankingRow = NonNullable<Tally['ranking']>[number];

interface Row {
  el: HTMLElement;
  place: HTMLElement;
  fill: HTMLElement;
  points: HTMLElement;
  firsts: HTMLElement;
}

/** The tally's ranking, or every option at 0 in the poll's order before the first vote. */
function rankingOf(poll: Poll, tally: Tally): RankingRow[] {
  if (tally.ranking?.length) return tally.ranking;
  return poll.options.map((o) => ({ optionId: o.id, points: 0, firsts: 0 }));
}

export class RankingView extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly rows = new Map<string, Row>();

  constructor(poll: Poll) {
    super();
    const n = poll.options.length;
    const tier = n > 6 ? 's' : n > 4 ? 'm' : 'l';
    this.el = h('ol', { class: `bars ranking-bars bars-${tier}` });
    for (const option of poll.options) {
      const row: Row = {
        el: h('li', { class: 'bar-row rank-row', data: { option: option.id } }),
        place: h('span', { class: 'rank-place' }),
        fill: h('span', { class: 'bar-fill' }),
        points: h('span', { class: 'rank-points' }),
        firsts: h('span', { class: 'bar-count rank-firsts' }),
      };
      row.el.append(
        h(
          'span',
          { class: 'bar-label' },
          row.place,
          h('span', { attrs: { dir: 'auto' } }, pickText(option.label, locale())),
        ),
        h(
          'span',
          { class: 'bar-nums' },
          row.firsts,
          h('span', { class: 'bar-pct' }, row.points, h('small', {}, ` ${tk('points')}`)),
        ),
        h('div', { class: 'bar-track' }, row.fill),
      );
      this.rows.set(option.id, row);
    }
  }

  update({ poll, tally }: PollResults): void {
    const ranking = rankingOf(poll, tally);
    const top = Math.max(0, ...ranking.map((r) => r.points));
    const els: HTMLElement[] = [];
    let place = 0;
    let prev = -1;
    ranking.forEach((r, i) => {
      const row = this.rows.get(r.optionId);
      if (!row) return;
      // Equal points, equal place.
      if (r.points !== prev) place = i + 1;
      prev = r.points;
      row.el.dataset.place = String(place);
      row.place.textContent = formatNumber(place);
      row.fill.style.width = `${top > 0 ? (r.points / top) * 100 : 0}%`;
      countTo(row.points, r.points);
      row.firsts.textContent = r.firsts > 0 ? tk('firsts', { n: formatNumber(r.firsts) }) : '';
      row.el.classList.toggle('lead', top > 0 && r.points === top);
      els.push(row.el);
    });
    reorder(this.el, els);
  }
}
