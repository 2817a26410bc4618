import type { I18nText } from './types.js';
import type { Status } from './live.js';

export const LOCALES = ['en', 'zh', 'es', 'pt', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  zh: '中文',
  es: 'Español',
  pt: 'Português',
  ar: 'العربية',
};
const STORE = 'summit:locale';

/** A page's words, in every interface language. */
export type Dict<K extends string> = Record<Locale, Record<K, string>>;

function fromBrowser(): Locale {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0] as Locale;
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

let current: Locale = (() => {
  const saved = localStorage.getItem(STORE) as Locale | null;
  return saved && LOCALES.includes(saved) ? saved : fromBrowser();
})();
const listeners: (() => void)[] = [];

export function locale(): Locale {
  return current;
}

function apply(): void {
  document.documentElement.lang = current;
  document.documentElement.dir = current === 'ar' ? 'rtl' : 'ltr';
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

/** A word of the page's dictionary, with `{name}` placeholders filled. */
export function translate<K extends string>(dict: Dict<K>, key: K, vars: Record<string, string | number> = {}): string {
  const text = dict[current][key] ?? dict.en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Text of the poll or question in the person's language when it has it, else English. */
export function pickText(text: I18nText, wanted: string = current): string {
  return text[wanted] ?? text[wanted.split('-')[0] ?? 'en'] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** Numbers in the interface language (Arabic keeps Western digits: clearer on a big screen). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(current === 'ar' ? 'ar-u-nu-latn' : current).format(n);
}

const STATUS: Dict<Status> = {
  en: {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline: waiting for the network',
    unauthorized: 'Your access has expired',
  },
  zh: {
    connecting: '正在连接…',
    live: '已连接',
    reconnecting: '正在重新连接…',
    offline: '网络已断开，正在等待',
    unauthorized: '访问已失效',
  },
  es: {
    connecting: 'Conectando…',
    live: 'En directo',
    reconnecting: 'Reconectando…',
    offline: 'Sin conexión: esperando la red',
    unauthorized: 'Tu acceso ha caducado',
  },
  pt: {
    connecting: 'Conectando…',
    live: 'Ao vivo',
    reconnecting: 'Reconectando…',
    offline: 'Sem conexão: aguardando a rede',
    unauthorized: 'Seu acesso expirou',
  },
  ar: {
    connecting: 'جارٍ الاتصال…',
    live: 'مباشر',
    reconnecting: 'جارٍ إعادة الاتصال…',
    offline: 'غير متصل: بانتظار الشبكة',
    unauthorized: 'انتهت صلاحية الدخول',
  },
};

export function statusText(status: Status): string {
  return translate(STATUS, status);
}

/** The language switch: a select that changes the interface at once. */
export function localeSwitch(): HTMLSelectElement {
  const select = document.createElement('select');
  select.className = 'locale-switch';
  select.setAttribute('aria-label', 'Language');
  for (const code of LOCALES) {
    const option = document.createElement('option');
    option.value = code;
    option.textContent = LOCALE_NAMES[code];
    // Each language's name in that language: said with its own voice (WCAG 3.1.2).
    option.lang = code;
    option.selected = code === current;
    select.append(option);
  }
  select.addEventListener('change', () => setLocale(select.value as Locale));
  return select;
}
