// Small pieces shared by the audience sections: the toast, error messages, text and visibility.
import { h } from '../core/dom.js';
import type { ErrorBody } from '../core/types.js';
import { t } from './words.js';

let toastEl: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** A short message at the bottom of the screen; errors stay a little longer. */
export function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  if (!toastEl) {
    toastEl = h('div', {
      class: 'toast hidden',
      attrs: { role: 'status', 'aria-live': 'polite' },
      on: { click: () => toastEl?.classList.add('hidden') },
    });
    document.body.append(toastEl);
  }
  toastEl.textContent = text;
  toastEl.className = kind === 'error' ? 'toast error' : 'toast';
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toastEl?.classList.add('hidden'), kind === 'error' ? 5000 : 3500);
}

/** How long a RATE_LIMITED answer asks to wait, in ms (0 when it does not say). */
export function retryAfterMs(error: ErrorBody): number {
  const details = error.details as { retryAfterMs?: unknown } | undefined;
  const ms = details && typeof details.retryAfterMs === 'number' ? details.retryAfterMs : 0;
  return Math.max(0, ms);
}

/** The toast for a refused command: the error's message, and a kind word when we asked too fast. */
export function showError(error: ErrorBody): void {
  if (error.code === 'RATE_LIMITED') {
    const seconds = Math.max(1, Math.ceil(retryAfterMs(error) / 1000));
    toast(t('rateLimited', { s: seconds }), 'error');
  } else {
    toast(error.message, 'error');
  }
}

/** Share of a total as a whole percentage (0 when nobody voted). */
export function percent(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}

/** Sets text only when it changed (keeps screen readers and selection calm). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Shows or hides an element with the shared `.hidden` class. */
export function show(el: Element, visible: boolean): void {
  el.classList.toggle('hidden', !visible);
}
