// Small animation helpers: numbers that count to their new value, rows that slide to their new place.
import { formatNumber } from '../core/i18n.js';

const shown = new WeakMap<Element, number>();
const running = new WeakMap<Element, number>();

function reducedMotion(): boolean {
  return document.hidden || matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Sets an element's text to a number, counting from the one it showed (eased, `ms` long). */
export function countTo(el: Element, to: number, format: (n: number) => string = formatNumber, ms = 600): void {
  const from = shown.get(el);
  // Already counting to this value (or showing it): let it be, however often the state repeats it.
  if (from === to && el.textContent !== '') return;
  shown.set(el, to);
  const frame = running.get(el);
  if (frame) cancelAnimationFrame(frame);
  running.delete(el);
  if (from === undefined || reducedMotion()) {
    el.textContent = format(to);
    return;
  }
  const start = performance.now();
  const integer = Number.isInteger(from) && Number.isInteger(to);
  const step = (now: number): void => {
    const p = Math.min(1, (now - start) / ms);
    const eased = 1 - Math.pow(1 - p, 3);
    const value = from + (to - from) * eased;
    el.textContent = format(p >= 1 ? to : integer ? Math.round(value) : Math.round(value * 100) / 100);
    if (p < 1) running.set(el, requestAnimationFrame(step));
    else running.delete(el);
  };
  running.set(el, requestAnimationFrame(step));
}

/** Shows text instead of a number (the next countTo starts afresh). */
export function clearCount(el: Element, text: string): void {
  const frame = running.get(el);
  if (frame) cancelAnimationFrame(frame);
  running.delete(el);
  shown.delete(el);
  el.textContent = text;
}

/**
 * Puts `rows` into `container` in this order and lets every row that moved slide from where it
 * was to where it is now (FLIP: first, last, invert, play). New rows fade in; rows not listed go.
 */
export function reorder(container: HTMLElement, rows: HTMLElement[]): void {
  const first = new Map<Element, number>();
  for (const child of Array.from(container.children)) first.set(child, child.getBoundingClientRect().top);
  const keep = new Set<Element>(rows);
  for (const child of Array.from(container.children)) if (!keep.has(child)) child.remove();
  rows.forEach((row, i) => {
    if (container.children[i] !== row) container.insertBefore(row, container.children[i] ?? null);
  });
  if (reducedMotion()) return;
  // Stop any slide still running, so that "last" is where the layout put each row.
  for (const row of rows) {
    row.style.transition = 'none';
    row.style.transform = '';
  }
  const last = rows.map((row) => row.getBoundingClientRect().top);
  // A list scaled to fit (fitInto) moves its rows in its own, unscaled pixels.
  const scale = container.offsetHeight > 0 ? container.getBoundingClientRect().height / container.offsetHeight : 1;
  const moved: HTMLElement[] = [];
  rows.forEach((row, i) => {
    const before = first.get(row);
    if (before === undefined) {
      row.style.transition = '';
      row.classList.add('enter');
      // Moving an element restarts its CSS animations: the fade-in is for its first showing only.
      const done = (event: AnimationEvent): void => {
        if (event.target !== row) return;
        row.classList.remove('enter');
        row.removeEventListener('animationend', done);
      };
      row.addEventListener('animationend', done);
      return;
    }
    const dy = before - (last[i] ?? before);
    if (Math.abs(dy) < 1) {
      row.style.transition = '';
      return;
    }
    row.style.transform = `translateY(${dy / (scale || 1)}px)`;
    moved.push(row);
  });
  if (moved.length === 0) return;
  void container.offsetWidth;
  for (const row of moved) {
    row.style.transition = '';
    row.style.transform = '';
  }
}
