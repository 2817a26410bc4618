// The interface language and its words. The words live in message catalogs, one JSON file per
// language (web/i18n/<code>.json, ICU MessageFormat), gathered by web/build.mjs into the bundle:
// adding a language is adding its file. `t` formats a message with intl-messageformat.
import { IntlMessageFormat } from 'intl-messageformat';
import catalogs from 'virtual:i18n-catalogs';
import type en from '../../i18n/en.json';
import type { I18nText } from './types.js';
import type { Status } from './live.js';

/** The interface languages: English first, then the others in their catalogs' order. */
export const LOCALES: readonly string[] = ['en', ...Object.keys(catalogs).filter((code) => code !== 'en')];
export type Locale = string;
/** Each language's name in that language (the catalog's `language.name`). */
export const LOCALE_NAMES: Record<Locale, string> = Object.fromEntries(
  LOCALES.map((code) => [code, catalogs[code]?.['language.name'] ?? code]),
);
const STORE = 'summit:locale';

/** The keys of a namespace (`audience`, `screen.quiz`, ...) as the page calls them, shared `common.*` keys included. */
export type Keys<NS extends string> = keyof typeof en extends infer K
  ? K extends `${NS}.${infer Rest}`
    ? Rest
    : K extends `common.${infer Rest}`
      ? Rest
      : never
  : never;

/** A page's own words: `key` of the namespace, else the shared `common.key`. */
export function scoped<NS extends string>(ns: NS): (key: Keys<NS>, values?: Values) => string {
  return (key, values = {}) => t(hasKey(`${ns}.${key}`) ? `${ns}.${key}` : `common.${key}`, values);
}

/** Values of a message's placeholders. */
export type Values = Record<string, string | number>;

function fromBrowser(): Locale {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

let current: Locale = (() => {
  const saved = localStorage.getItem(STORE);
  return saved && LOCALES.includes(saved) ? saved : fromBrowser();
})();
const listeners: (() => void)[] = [];

export function locale(): Locale {
  return current;
}

/** The Intl tag of the interface language (Arabic keeps Western digits: clearer on a big screen). */
export function intlTag(code: Locale = current): string {
  return code === 'ar' ? 'ar-u-nu-latn' : code;
}

function apply(): void {
  document.documentElement.lang = current;
  document.documentElement.dir = catalogs[current]?.['language.dir'] === 'rtl' ? 'rtl' : 'ltr';
}
apply();

export function setLocale(next: Locale): void {
  current = next;
  localStorage.setItem(STORE, next);
  apply();
  for (const listener of listeners) listener();
}

export function onLocale(listener: () => void): void {
  listeners.push(listener);
}

const compiled = new Map<string, IntlMessageFormat>();
const reported = new Set<string>();

/** The compiled message of a key in a language (English when the language lacks it), cached. */
function message(key: string, code: Locale): IntlMessageFormat | undefined {
  let text = catalogs[code]?.[key];
  let lang = code;
  if (text === undefined) {
    if (code !== 'en' && !reported.has(`${code}:${key}`) && I18N_DEV) {
      reported.add(`${code}:${key}`);
      console.warn(`i18n: "${key}" is missing in ${code}; English is shown`);
    }
    text = catalogs.en?.[key];
    lang = 'en';
  }
  if (text === undefined) return undefined;
  const id = `${lang}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(text, intlTag(lang), undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/** Whether the catalogs have a key (in English, the reference). */
export function hasKey(key: string): boolean {
  return catalogs.en?.[key] !== undefined;
}

/** A message of the catalogs in the interface language, its placeholders filled. */
export function t(key: string, values: Values = {}): string {
  const format = message(key, current);
  if (!format) return key;
  return String(format.format(values));
}

/** A message whose placeholders are filled by nodes (a styled number, a name): nothing is parsed as HTML. */
export function tParts(key: string, values: Record<string, Node | string | number>): (Node | string)[] {
  const format = message(key, current);
  if (!format) return [key];
  const out = format.format<Node>(values);
  return (Array.isArray(out) ? out : [out]).map((part) => (typeof part === 'object' ? part : String(part)));
}

/** Text of the poll or question in the person's language when it has it, else English. */
export function pickText(text: I18nText, wanted: string = current): string {
  return text[wanted] ?? text[wanted.split('-')[0] ?? 'en'] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** Numbers in the interface language. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlTag()).format(n);
}

export function statusText(status: Status): string {
  return t(`connection.${status}`);
}

/** The language switch: a select that changes the interface at once. */
export function localeSwitch(): HTMLSelectElement {
  const select = document.createElement('select');
  select.className = 'locale-switch';
  select.setAttribute('aria-label', 'Language');
  for (const code of LOCALES) {
    const option = document.createElement('option');
    option.value = code;
    option.textContent = LOCALE_NAMES[code] ?? code;
    // Each language's name in that language: said with its own voice (WCAG 3.1.2).
    option.lang = code;
    option.selected = code === current;
    select.append(option);
  }
  select.addEventListener('change', () => setLocale(select.value));
  return select;
}
