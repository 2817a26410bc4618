// The prediction game's top: rank, name (or anonymous), country, points; rows slide as ranks change.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { KeyedList } from '../core/keyed-list.js';
import { countryName } from '../core/names.js';
import type { EventState, PredictorRow } from '../core/types.js';
import { countTo, reorder } from './anim.js';
import { t } from './words.js';
import { RankedRow } from './ranks.js';
import { fitInto, header, pill } from './view.js';

/** One predictor's row: rank (and how far it moved), name or anonymous, country, points. */
class PredictorRowView extends RankedRow<PredictorRow> {
  private readonly name = h('span', { class: 'entry-name', attrs: { dir: 'auto' } });
  private readonly country = h('span', { class: 'entry-brand' });
  private readonly points = h('span', { class: 'c-total', attrs: { role: 'cell' } });

  constructor(id: string) {
    super({ predictor: id });
    this.el.append(h('span', { class: 'c-name', attrs: { role: 'cell' } }, this.name, this.country), this.points);
  }

  update(data: PredictorRow): void {
    this.ranked(data.rank);
    this.name.textContent = data.name ?? t('anonymous');
    this.name.classList.toggle('anonymous', data.name === null);
    this.country.textContent = countryName(data.country);
    countTo(this.points, data.points);
  }
}

export class PredictorsScene extends View<EventState> {
  readonly el: HTMLElement;
  private readonly rows = new KeyedList<PredictorRow>(
    h('div', { class: 'board-body predictors-list', attrs: { role: 'rowgroup' } }),
    (row) => row.id,
    (row) => new PredictorRowView(row.id),
    reorder,
  );
  private readonly note = h('p', { class: 'board-note hidden' }, t('predictorsEmpty'));
  private readonly table = h(
    'div',
    { class: 'board predictors', attrs: { role: 'table', 'aria-label': t('predictors') } },
    h(
      'div',
      { class: 'board-row board-head', attrs: { role: 'row' } },
      h('span', { class: 'c-rank', attrs: { role: 'columnheader' } }, '#'),
      h('span', { class: 'c-name', attrs: { role: 'columnheader' } }),
      h('span', { class: 'c-total', attrs: { role: 'columnheader' } }, t('points')),
    ),
    this.rows.el,
  );
  private readonly box = h('div', { class: 'board-box' }, this.table);

  constructor() {
    super();
    this.el = h(
      'section',
      { class: 'scene scene-predictors' },
      header(
        h('div', { class: 'kicker' }, pill(t('predictorsSub'), 'warn')),
        h('h1', { class: 'scene-title' }, t('predictors')),
      ),
      this.box,
      this.note,
    );
  }

  update(state: EventState): void {
    const rows = state.predictors.filter((r) => r.points > 0);
    this.rows.update(rows);
    this.note.classList.toggle('hidden', rows.length > 0);
    this.table.classList.toggle('hidden', rows.length === 0);
    fitInto(this.box, this.table);
  }
}
