// The prediction game's top: rank, name (or anonymous), country, points; rows slide as ranks change.
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { EventState, PredictorRow } from '../core/types.js';
import { countTo, reorder } from './anim.js';
import { t } from './i18n.js';
import { countryName } from './names.js';
import { rankCell, showMove } from './ranks.js';
import { fitInto, header, pill, type SceneView } from './view.js';

interface Row {
  el: HTMLElement;
  rank: HTMLElement;
  move: HTMLElement;
  name: HTMLElement;
  country: HTMLElement;
  points: HTMLElement;
  last: number | null;
}

export class PredictorsScene implements SceneView {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'board-body predictors-list', attrs: { role: 'rowgroup' } });
  private readonly note = h('p', { class: 'board-note hidden' }, t('predictorsEmpty'));
  private readonly rows = new Map<string, Row>();
  private readonly table = h(
    'div',
    { class: 'board predictors', attrs: { role: 'table', 'aria-label': t('predictors') } },
    h(
      'div',
      { class: 'board-row board-head', attrs: { role: 'row' } },
      h('span', { class: 'c-rank' }, '#'),
      h('span', { class: 'c-name' }),
      h('span', { class: 'c-total' }, t('points')),
    ),
    this.list,
  );
  private readonly box = h('div', { class: 'board-box' }, this.table);

  constructor() {
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
    const els = rows.map((data) => this.renderRow(data));
    for (const id of [...this.rows.keys()]) if (!rows.some((r) => r.id === id)) this.rows.delete(id);
    reorder(this.list, els);
    this.note.classList.toggle('hidden', rows.length > 0);
    this.table.classList.toggle('hidden', rows.length === 0);
    fitInto(this.box, this.table);
  }

  private renderRow(data: PredictorRow): HTMLElement {
    let row = this.rows.get(data.id);
    if (!row) {
      const cells = {
        rank: h('span', { class: 'rank-num' }),
        move: h('span', { class: 'rank-move' }),
        name: h('span', { class: 'entry-name', attrs: { dir: 'auto' } }),
        country: h('span', { class: 'entry-brand' }),
        points: h('span', { class: 'c-total' }),
      };
      const el = h(
        'div',
        { class: 'board-row', attrs: { role: 'row' }, data: { predictor: data.id } },
        rankCell(cells.rank, cells.move),
        h('span', { class: 'c-name' }, cells.name, cells.country),
        cells.points,
      );
      row = { el, ...cells, last: null };
      this.rows.set(data.id, row);
    }
    row.el.dataset.rank = String(data.rank);
    row.rank.textContent = formatNumber(data.rank);
    row.name.textContent = data.name ?? t('anonymous');
    row.name.classList.toggle('anonymous', data.name === null);
    row.country.textContent = countryName(data.country) ?? '';
    if (row.last !== null) showMove(row.el, row.move, row.last, data.rank);
    countTo(row.points, data.points);
    row.last = data.rank;
    return row.el;
  }
}
