// A list of views kept by key: existing elements are updated and moved, never rebuilt, so a tap on
// a button is not lost when a tally arrives, bars can glide and rows can slide.
import { Redrawn, type View } from './component.js';

/** Puts `els` into `container` in this order, moving only what is out of place. */
export function inOrder(container: HTMLElement, els: readonly HTMLElement[]): void {
  let at = container.firstElementChild;
  for (const el of els) {
    if (el === at) at = at.nextElementSibling;
    else container.insertBefore(el, at);
  }
}

export class KeyedList<T, V extends View<T> = View<T>> {
  private readonly views = new Map<string, V>();

  /**
   * `arrange` places the elements of the items, in order (by default, moved into place); the
   * elements of items gone are removed after it, so it can measure where they were.
   */
  constructor(
    readonly el: HTMLElement,
    private readonly key: (item: T) => string,
    private readonly create: (item: T) => V,
    private readonly arrange: (container: HTMLElement, els: HTMLElement[]) => void = inOrder,
  ) {}

  update(items: readonly T[]): void {
    const seen = new Set<string>();
    const els = items.map((item) => {
      const k = this.key(item);
      seen.add(k);
      let view = this.views.get(k);
      if (!view) {
        view = this.create(item);
        this.views.set(k, view);
      }
      view.update(item);
      return view.el;
    });
    // Moving an element drops the keyboard focus inside it: it goes back where it was.
    const focus = document.activeElement;
    this.arrange(this.el, els);
    if (focus instanceof HTMLElement && focus !== document.activeElement && this.el.contains(focus)) focus.focus();
    for (const [k, view] of this.views) {
      if (seen.has(k)) continue;
      view.el.remove();
      view.destroy();
      this.views.delete(k);
    }
  }

  get(key: string): V | undefined {
    return this.views.get(key);
  }

  get size(): number {
    return this.views.size;
  }
}

/** A keyed list of parts drawn whole again when their signature changes (see Redrawn). */
export function redrawnList<T>(
  el: HTMLElement,
  key: (item: T) => string,
  signature: (item: T) => string,
  draw: (item: T) => HTMLElement,
): KeyedList<T, Redrawn<T>> {
  return new KeyedList(el, key, (item) => new Redrawn(item, signature, draw));
}
