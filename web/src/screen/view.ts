// Pieces every scene is made of (a scene is a View<EventState>: updated in place as the state changes).
import { h } from '../core/dom.js';

/** The top of a scene: a small coloured kicker above a big title. */
export function header(kicker: HTMLElement, title: HTMLElement): HTMLElement {
  return h('header', { class: 'scene-head' }, kicker, title);
}

/** A pill of the kicker line; `tone` picks its colour. */
export function pill(text: string, tone: 'live' | 'done' | 'accent' | 'warn' = 'accent'): HTMLSpanElement {
  return h('span', { class: `pill pill-${tone}` }, text);
}

/** Text somebody typed or an operator wrote: its own direction, its language when known. */
export function userText(tag: 'p' | 'span' | 'h1' | 'div', className: string, text: string, lang?: string) {
  return h(tag, { class: className, attrs: { dir: 'auto', ...(lang ? { lang } : {}) } }, text);
}

/** A rough length class, so that long text steps down a size instead of overflowing. */
export function lengthClass(text: string, steps: [number, number] = [70, 160]): string {
  const n = [...text].length;
  return n > steps[1] ? 'len-l' : n > steps[0] ? 'len-m' : 'len-s';
}

/** Stars as glyphs: ★★★☆☆. */
export function starGlyphs(filled: number, of = 5): string {
  const n = Math.max(0, Math.min(of, Math.round(filled)));
  return '★'.repeat(n) + '☆'.repeat(of - n);
}

/**
 * Scales `content` down (never up) until it fits the height of `box`: twenty options or ten long
 * rows still show whole. Widened by the same factor, so it keeps the full width of the box.
 */
export function fitInto(box: HTMLElement, content: HTMLElement): void {
  const style = content.style;
  style.transform = '';
  style.inlineSize = '';
  const room = box.clientHeight;
  const needed = content.offsetHeight;
  if (room <= 0 || needed <= room + 1) return;
  // Wider, the content wraps less and so gets no taller: measured once, it still fits.
  const scale = room / needed;
  style.inlineSize = `${100 / scale}%`;
  style.transformOrigin = document.documentElement.dir === 'rtl' ? '100% 0' : '0 0';
  style.transform = `scale(${scale.toFixed(4)})`;
}
