// Rank cells shared by the leaderboards: the number, and a short-lived ▲2 / ▼1 when it moved.
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';

const timers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

export function rankCell(num: HTMLElement, move: HTMLElement): HTMLElement {
  return h('span', { class: 'c-rank' }, num, move);
}

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
