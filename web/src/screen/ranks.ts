// Rank cells shared by the leaderboards: the number, and a short-lived ▲2 / ▼1 when it moved.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';

const timers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

/** Shows how far a row moved (for a few seconds); a row that climbed glows as it slides up. */
export function showMove(row: HTMLElement, move: HTMLElement, from: number, to: number): void {
  if (from === to) return;
  const up = to < from;
  move.textContent = `${up ? '▲' : '▼'}${formatNumber(Math.abs(from - to))}`;
  move.className = `rank-move ${up ? 'up' : 'down'} on`;
  if (up) {
    row.classList.remove('climb');
    void row.offsetWidth;
    row.classList.add('climb');
  }
  const old = timers.get(move);
  if (old) clearTimeout(old);
  timers.set(
    move,
    setTimeout(() => {
      move.classList.remove('on');
      row.classList.remove('climb');
    }, 6000),
  );
}

/** A leaderboard row: its rank cell first (the number, and how far it moved), then the row's own cells. */
export abstract class RankedRow<T> extends View<T> {
  readonly el: HTMLElement;
  private readonly rank = h('span', { class: 'rank-num' });
  private readonly move = h('span', { class: 'rank-move' });
  private lastRank: number | null = null;

  /** `data`: the row's data attributes (the key it is found by). */
  constructor(data: Record<string, string>) {
    super();
    this.el = h(
      'div',
      { class: 'board-row', attrs: { role: 'row' }, data },
      h('span', { class: 'c-rank', attrs: { role: 'cell' } }, this.rank, this.move),
    );
  }

  /** The row's rank now; the move shows when it changed since the last update. */
  protected ranked(rank: number): void {
    this.el.dataset.rank = String(rank);
    this.rank.textContent = formatNumber(rank);
    if (this.lastRank !== null) showMove(this.el, this.move, this.lastRank, rank);
    this.lastRank = rank;
  }
}
