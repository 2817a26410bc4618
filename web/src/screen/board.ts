// The safety crash challenge leaderboard: rows slide to their new place when the ranking changes.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { KeyedList } from '../core/keyed-list.js';
import { testColumn } from '../core/names.js';
import type { Board, BoardRow, EventState } from '../core/types.js';
import { countTo, reorder } from './anim.js';
import { t } from './words.js';
import { RankedRow } from './ranks.js';
import { fitInto, header, pill } from './view.js';

/** The head's cells: the table's roles go down to its cells, or a screen reader finds empty rows. */
const COLUMN = { role: 'columnheader' };

interface RowItem {
  data: BoardRow;
  tests: string[];
}

function flash(el: HTMLElement): void {
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
  el.addEventListener('animationend', () => el.classList.remove('flash'), { once: true });
}

/** One entry's row: rank (and how far it moved), name and brand, a score per test, stars, total. */
class BoardRowView extends RankedRow<RowItem> {
  private readonly name = h('span', { class: 'entry-name', attrs: { dir: 'auto' } });
  private readonly brand = h('span', { class: 'entry-brand', attrs: { dir: 'auto' } });
  private readonly scores = h('span', { class: 'c-scores' });
  private readonly stars = h('span', { class: 'c-stars', attrs: { role: 'cell' } });
  private readonly total = h('span', { class: 'c-total', attrs: { role: 'cell' } });
  /** The scores shown, after the first update (a score that changed flashes). */
  private last: Record<string, number> | null = null;
  /** The columns the score cells were made for. */
  private tests = '';

  constructor(entryId: string) {
    super({ entry: entryId });
    this.el.append(
      h('span', { class: 'c-name', attrs: { role: 'cell' } }, this.name, this.brand),
      this.scores,
      this.stars,
      this.total,
    );
  }

  update({ data, tests }: RowItem): void {
    this.ranked(data.rank);
    this.name.textContent = data.name;
    this.brand.textContent = data.brand;
    this.renderScores(data, tests);
    this.stars.textContent = data.stars > 0 ? '★'.repeat(Math.min(data.stars, 6)) : '–';
    countTo(this.total, data.total);
    this.last = { ...data.scores };
  }

  private renderScores(data: BoardRow, tests: string[]): void {
    // The columns changed: the row gets its score cells again.
    if (tests.join('|') !== this.tests) {
      this.tests = tests.join('|');
      this.scores.replaceChildren();
    }
    if (this.scores.children.length !== tests.length) {
      fill(
        this.scores,
        ...tests.map((test) => h('span', { class: 'c-score', attrs: { role: 'cell' }, data: { test } })),
      );
    }
    tests.forEach((test, i) => {
      const cell = this.scores.children[i] as HTMLElement;
      const score = data.scores[test];
      const text = score === undefined ? '–' : formatNumber(score);
      if (cell.textContent === text) return;
      cell.textContent = text;
      cell.classList.toggle('none', score === undefined);
      if (this.last && score !== undefined && this.last[test] !== score) flash(cell);
    });
  }
}

export class BoardScene extends View<EventState> {
  readonly el: HTMLElement;
  private readonly kicker = h('div', { class: 'kicker' });
  private readonly head = h('div', { class: 'board-row board-head', attrs: { role: 'row' } });
  private readonly rows = new KeyedList<RowItem>(
    h('div', { class: 'board-body', attrs: { role: 'rowgroup' } }),
    (item) => item.data.entryId,
    (item) => new BoardRowView(item.data.entryId),
    reorder,
  );
  private readonly note = h('p', { class: 'board-note hidden' }, t('boardEmpty'));
  private readonly table = h(
    'div',
    { class: 'board', attrs: { role: 'table', 'aria-label': t('board') } },
    this.head,
    this.rows.el,
  );
  private readonly box = h('div', { class: 'board-box' }, this.table);
  private tests = '';
  private frozen: boolean | null = null;

  constructor() {
    super();
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
    this.rows.update(board.rows.map((data) => ({ data, tests: board.tests })));
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
      h('span', { class: 'c-rank', attrs: COLUMN }, '#'),
      h('span', { class: 'c-name', attrs: COLUMN }, t('vehicle')),
      ...board.tests.map((test) => h('span', { class: 'c-score', attrs: COLUMN }, testColumn(test))),
      h('span', { class: 'c-stars', attrs: COLUMN }, h('bdi', { attrs: { dir: 'ltr' } }, t('fiveStars'))),
      h('span', { class: 'c-total', attrs: COLUMN }, t('total')),
    );
  }
}
