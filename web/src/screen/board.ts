// The safety crash challenge leaderboard: rows slide to their new place when the ranking changes.
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { Board, BoardRow, EventState } from '../core/types.js';
import { countTo, reorder } from './anim.js';
import { t } from './i18n.js';
import { testName } from './names.js';
import { rankCell, showMove } from './ranks.js';
import { fitInto, header, pill, type SceneView } from './view.js';

interface Row {
  el: HTMLElement;
  rank: HTMLElement;
  move: HTMLElement;
  name: HTMLElement;
  brand: HTMLElement;
  scores: HTMLElement;
  stars: HTMLElement;
  total: HTMLElement;
  last: { rank: number; scores: Record<string, number> } | null;
}

function flash(el: HTMLElement): void {
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
  el.addEventListener('animationend', () => el.classList.remove('flash'), { once: true });
}

export class BoardScene implements SceneView {
  readonly el: HTMLElement;
  private readonly kicker = h('div', { class: 'kicker' });
  private readonly head = h('div', { class: 'board-row board-head', attrs: { role: 'row' } });
  private readonly body = h('div', { class: 'board-body', attrs: { role: 'rowgroup' } });
  private readonly note = h('p', { class: 'board-note hidden' }, t('boardEmpty'));
  private readonly table = h(
    'div',
    { class: 'board', attrs: { role: 'table', 'aria-label': t('board') } },
    this.head,
    this.body,
  );
  private readonly box = h('div', { class: 'board-box' }, this.table);
  private readonly rows = new Map<string, Row>();
  private tests = '';
  private frozen: boolean | null = null;

  constructor() {
    this.el = h(
      'section',
      { class: 'scene scene-board' },
      header(this.kicker, h('h1', { class: 'scene-title' }, t('board'))),
      this.box,
      this.note,
    );
  }

  update(state: EventState): void {
    const board = state.board;
    this.renderFrame(board);
    const seen = board.rows.map((data) => this.renderRow(data, board.tests));
    for (const id of [...this.rows.keys()]) if (!board.rows.some((r) => r.entryId === id)) this.rows.delete(id);
    reorder(this.body, seen);
    this.note.classList.toggle('hidden', board.tests.length > 0 && board.rows.length > 0);
    fitInto(this.box, this.table);
  }

  private renderFrame(board: Board): void {
    if (board.frozen !== this.frozen) {
      this.frozen = board.frozen;
      this.el.classList.toggle('frozen', board.frozen);
      fill(this.kicker, board.frozen ? pill(`❄ ${t('frozen')}`, 'warn') : null);
    }
    const tests = board.tests.join('|');
    if (tests === this.tests) return;
    this.tests = tests;
    const n = board.tests.length;
    this.el.style.setProperty('--tests', String(n));
    this.el.dataset.width = n <= 2 ? 'l' : n <= 4 ? 'm' : 's';
    fill(
      this.head,
      h('span', { class: 'c-rank' }, '#'),
      h('span', { class: 'c-name' }, t('vehicle')),
      ...board.tests.map((test) => h('span', { class: 'c-score' }, testName(test))),
      h('span', { class: 'c-stars' }, h('bdi', { attrs: { dir: 'ltr' } }, t('fiveStars'))),
      h('span', { class: 'c-total' }, t('total')),
    );
    // The columns changed: every row gets its score cells again.
    for (const row of this.rows.values()) row.scores.replaceChildren();
  }

  private renderRow(data: BoardRow, tests: string[]): HTMLElement {
    let row = this.rows.get(data.entryId);
    if (!row) {
      const cells = {
        rank: h('span', { class: 'rank-num' }),
        move: h('span', { class: 'rank-move' }),
        name: h('span', { class: 'entry-name', attrs: { dir: 'auto' } }),
        brand: h('span', { class: 'entry-brand', attrs: { dir: 'auto' } }),
        scores: h('span', { class: 'c-scores' }),
        stars: h('span', { class: 'c-stars' }),
        total: h('span', { class: 'c-total' }),
      };
      const el = h(
        'div',
        { class: 'board-row', attrs: { role: 'row' }, data: { entry: data.entryId } },
        rankCell(cells.rank, cells.move),
        h('span', { class: 'c-name' }, cells.name, cells.brand),
        cells.scores,
        cells.stars,
        cells.total,
      );
      row = { el, ...cells, last: null };
      this.rows.set(data.entryId, row);
    }
    row.el.dataset.rank = String(data.rank);
    row.rank.textContent = formatNumber(data.rank);
    row.name.textContent = data.name;
    row.brand.textContent = data.brand;
    if (row.last) showMove(row.el, row.move, row.last.rank, data.rank);
    this.renderScores(row, data, tests);
    row.stars.textContent = data.stars > 0 ? '★'.repeat(Math.min(data.stars, 6)) : '–';
    countTo(row.total, data.total);
    row.last = { rank: data.rank, scores: { ...data.scores } };
    return row.el;
  }

  private renderScores(row: Row, data: BoardRow, tests: string[]): void {
    if (row.scores.children.length !== tests.length) {
      fill(row.scores, ...tests.map((test) => h('span', { class: 'c-score', data: { test } })));
    }
    tests.forEach((test, i) => {
      const cell = row.scores.children[i] as HTMLElement;
      const score = data.scores[test];
      const text = score === undefined ? '–' : formatNumber(score);
      if (cell.textContent === text) return;
      cell.textContent = text;
      cell.classList.toggle('none', score === undefined);
      if (row.last && score !== undefined && row.last.scores[test] !== score) flash(cell);
    });
  }
}
