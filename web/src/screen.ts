// The big screen in the hall: /screen#token=...[&lang=zh] or /screen?lang=zh#token=...
import '../styles/base.css';
import '../styles/screen.css';
import { byId, tokenFromHash } from './core/dom.js';
import { LOCALES, locale, onLocale, setLocale, type Locale } from './core/i18n.js';
import { ScreenApp } from './screen/app.js';

const LANG_KEY = 'summit:screen-locale';

function isLocale(value: string | null): value is Locale {
  return value !== null && LOCALES.includes(value);
}

/** The screen speaks English unless told otherwise: `?lang=` first, then the switch's last choice. */
function screenLocale(): Locale {
  const wanted = new URLSearchParams(location.search).get('lang')?.toLowerCase() ?? null;
  if (isLocale(wanted)) return wanted;
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    // storage blocked: English
  }
  return isLocale(saved) ? saved : 'en';
}

/** The switch's choice goes into the address too, so that a reload keeps it. */
function rememberLocale(): void {
  try {
    localStorage.setItem(LANG_KEY, locale());
  } catch {
    // storage blocked: the address still says it
  }
  const url = new URL(location.href);
  url.searchParams.set('lang', locale());
  history.replaceState(null, '', url);
}

/** A big screen stays awake; the cursor hides when nobody moves the mouse. */
function kiosk(): void {
  const awake = (): void => {
    if (document.visibilityState === 'visible' && 'wakeLock' in navigator)
      navigator.wakeLock.request('screen').catch(() => undefined);
  };
  awake();
  document.addEventListener('visibilitychange', awake);
  let idle: ReturnType<typeof setTimeout> | null = null;
  document.addEventListener('mousemove', () => {
    document.body.classList.remove('cursor-idle');
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => document.body.classList.add('cursor-idle'), 3000);
  });
}

const initial = screenLocale();
if (initial !== locale()) setLocale(initial);
const app = new ScreenApp(byId('app'));
onLocale(rememberLocale);
kiosk();
app.start(tokenFromHash());
