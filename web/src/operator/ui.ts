// Small building blocks of the console: labels that follow the language, toasts, commands with
// their acks, formatting, and the console's memory.
import { h } from '../core/dom.js';
import { locale, onLocale } from '../core/i18n.js';
import type { AckData, Command, LiveEvent, Payload } from '../core/live.js';
import type { ErrorBody } from '../core/types.js';
import { t, type Key } from './words.js';

type Vars = Record<string, string | number>;

/** Static words: updated in place when the language changes (forms keep what was typed). */
const labels: { node: Text; key: Key; vars?: Vars }[] = [];
const attrs: { el: Element; attr: string; key: Key }[] = [];
onLocale(() => {
  for (const l of labels) l.node.textContent = t(l.key, l.vars);
  for (const a of attrs) a.el.setAttribute(a.attr, t(a.key));
});

/** A text node in the interface language; for parts of the page that are built once. */
export function tr(key: Key, vars?: Vars): Text {
  const node = document.createTextNode(t(key, vars));
  labels.push({ node, key, vars });
  return node;
}

/** An attribute (placeholder, aria-label, title) in the interface language. */
export function trAttr<E extends Element>(el: E, attr: string, key: Key): E {
  el.setAttribute(attr, t(key));
  attrs.push({ el, attr, key });
  return el;
}

/** A form field: its label above the control. */
export function field(key: Key, control: HTMLElement, extra: Node | null = null): HTMLElement {
  if (!control.id) control.id = uid('f');
  return h('div', { class: 'field' }, h('label', { attrs: { for: control.id } }, tr(key)), control, extra);
}

let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A select whose options are words of the dictionary. */
export function choice<V extends string>(values: readonly V[], label: (v: V) => Key, value?: V): HTMLSelectElement {
  const select = h('select');
  for (const v of values) select.append(h('option', { attrs: { value: v } }, tr(label(v))));
  if (value !== undefined) select.value = value;
  return select;
}

/** A random id for the caller's idempotency keys; crypto.getRandomValues works on plain http too. */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

// ---- toasts -------------------------------------------------------------------------------------

let toasts: HTMLElement | null = null;

function toastBox(): HTMLElement {
  if (!toasts) {
    toasts = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite' } });
    document.body.append(toasts);
  }
  return toasts;
}

/** The field details of a refusal (`[{ field, errors }]`, or `{ retryAfterMs }`), as lines. */
export function detailLines(details: unknown): string[] {
  if (Array.isArray(details)) {
    return details.map((d: unknown) => {
      if (d && typeof d === 'object' && 'field' in d) {
        const { field: name, errors } = d as { field: unknown; errors?: unknown };
        const text = Array.isArray(errors) ? errors.map(String).join('; ') : '';
        return `${String(name)}: ${text}`;
      }
      return String(d);
    });
  }
  if (details && typeof details === 'object') {
    const retry = (details as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof retry === 'number') return [t('error.retryAfter', { s: Math.ceil(retry / 1000) })];
    return Object.entries(details).map(([k, v]) => `${k}: ${String(v)}`);
  }
  return [];
}

export function toast(message: string, kind: 'info' | 'error' = 'info', lines: string[] = []): void {
  const close = h('button', { class: 'toast-close secondary', attrs: { type: 'button' } }, '×');
  trAttr(close, 'aria-label', 'common.close');
  const el = h(
    'div',
    { class: `toast ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    h(
      'div',
      { class: 'toast-body' },
      h('strong', {}, message),
      ...lines.map((l) => h('div', { class: 'toast-line' }, l)),
    ),
    close,
  );
  const remove = (): void => el.remove();
  close.addEventListener('click', remove);
  const box = toastBox();
  box.append(el);
  while (box.children.length > 4) box.firstElementChild?.remove();
  setTimeout(remove, kind === 'error' ? 12000 : 4000);
}

export function errorToast(error: ErrorBody): void {
  const title = t(`code.${error.code}` as Key) || error.code;
  toast(`${title} (${error.code})`, 'error', [error.message, ...detailLines(error.details)]);
}

/** Buttons whose command is on its way. */
const sending = new WeakSet<HTMLButtonElement>();

/**
 * Sends a command; on a refusal shows the error with its field details and resolves null.
 * While it runs, the buttons given wait (no double sends from a double click): aria-disabled, not
 * disabled, so that a button pressed by keyboard keeps the focus (a disabled one drops it to the top
 * of the page, and the card drawn again after the ack would not know where it was).
 */
export async function command<C extends Command>(
  live: LiveEvent,
  name: C,
  payload: Payload<C>,
  buttons: (HTMLButtonElement | null | undefined)[] = [],
): Promise<AckData<C> | null> {
  const mine = buttons.filter((b): b is HTMLButtonElement => !!b);
  if (mine.some((b) => sending.has(b))) return null;
  for (const b of mine) {
    sending.add(b);
    b.setAttribute('aria-disabled', 'true');
  }
  try {
    const ack = await live.send(name, payload);
    if (!ack.ok) {
      errorToast(ack.error);
      return null;
    }
    return ack.data;
  } finally {
    for (const b of mine) {
      sending.delete(b);
      b.removeAttribute('aria-disabled');
    }
  }
}

/** A button whose action runs once per click and never leaves a promise floating. */
export function button(
  key: Key | Text,
  onClick: (b: HTMLButtonElement) => Promise<unknown> | void,
  cls = '',
  vars?: Vars,
): HTMLButtonElement {
  const label = key instanceof Text ? key : tr(key, vars);
  const b = h('button', { class: cls, attrs: { type: 'button' } }, label);
  b.addEventListener('click', () => {
    const out = onClick(b);
    if (out instanceof Promise) out.catch((err: unknown) => toast(String(err), 'error'));
  });
  return b;
}

/** A destructive button: the first click arms it, the second (within 4 s) does it. */
export function armedButton(
  key: Key,
  confirmKey: Key,
  onConfirm: (b: HTMLButtonElement) => Promise<unknown>,
  cls = '',
): HTMLButtonElement {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const b = h('button', { class: cls, attrs: { type: 'button' } }, t(key));
  const disarm = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    b.classList.remove('armed');
    b.textContent = t(key);
  };
  b.addEventListener('click', () => {
    if (!timer) {
      b.classList.add('armed');
      b.textContent = t(confirmKey);
      timer = setTimeout(disarm, 4000);
      return;
    }
    disarm();
    onConfirm(b).catch((err: unknown) => toast(String(err), 'error'));
  });
  return b;
}

// ---- formatting ---------------------------------------------------------------------------------

export function time(ms: number): string {
  return new Date(ms).toLocaleTimeString(locale() === 'ar' ? 'ar-u-nu-latn' : locale(), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : '0%';
}

/** Local memory of this console, per event (what the server has no command to list). */
export function remember<T>(eventId: string, name: string, fallback: T): { get(): T; set(value: T): void } {
  const key = `summit:op:${eventId}:${name}`;
  return {
    get(): T {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as T) : fallback;
      } catch {
        return fallback;
      }
    },
    set(value: T): void {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Storage full or blocked: the console keeps working from memory.
      }
    },
  };
}
