// The one component style of the three pages: a class that builds its element once and then
// updates it in place. A class rather than a closure returning { el, update }: the parts of these
// pages keep DOM nodes, timers and state of their own between updates (a vote being sent, rows that
// slide, a form being typed), and named fields and methods say what each is and let a long part
// split into named pieces; `destroy` gives timers one place to stop.
import { locale } from './i18n.js';

export abstract class View<T = void> {
  abstract readonly el: HTMLElement;

  /** What it shows changed: update the element in place (never rebuild what animates or has focus). */
  abstract update(data: T): void;

  /** It left the page: stop its timers. */
  destroy(): void {}
}

/**
 * A part drawn again, whole, whenever its signature changes (a new language too), and left as it
 * is otherwise: a tally ticking four times a second must not replace the button under the pointer.
 */
export class Redrawn<T> extends View<T> {
  el: HTMLElement;
  private seen: string;

  constructor(
    item: T,
    private readonly signature: (item: T) => string,
    private readonly draw: (item: T) => HTMLElement,
  ) {
    super();
    this.seen = `${locale()}|${signature(item)}`;
    this.el = draw(item);
  }

  update(item: T): void {
    const sig = `${locale()}|${this.signature(item)}`;
    if (sig === this.seen) return;
    this.seen = sig;
    const focus = focusIndex(this.el);
    const el = this.draw(item);
    if (this.el.parentNode) this.el.replaceWith(el);
    this.el = el;
    if (focus !== null) refocus(el, focus);
  }
}

const FOCUSABLE = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** Where the keyboard focus is inside `el`: the index of the focused control among its controls. */
function focusIndex(el: HTMLElement): number | null {
  const active = document.activeElement;
  if (!active || !el.contains(active)) return null;
  return Math.max(0, [...el.querySelectorAll(FOCUSABLE)].indexOf(active));
}

/**
 * A part drawn again under the keyboard (its button said "Open", it now says "Close"): the focus
 * goes to the control at the same place in the new part, or the nearest one before it, or the part
 * itself, never lost to the top of the page.
 */
function refocus(el: HTMLElement, index: number): void {
  const controls = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (c) => !(c as HTMLButtonElement).disabled && !c.closest('.hidden'),
  );
  const target = controls[Math.min(index, controls.length - 1)];
  if (target) {
    target.focus();
    return;
  }
  el.tabIndex = -1;
  el.focus();
}
