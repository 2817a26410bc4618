// The audience app at /e/{eventId}: join, then the keynote polls, the KOC forum and the crash challenge.
import '../styles/base.css';
import '../styles/audience.css';
import { byId } from './core/dom.js';
import { onLocale } from './core/i18n.js';
import { AudienceApp } from './audience/app.js';
import { t } from './audience/words.js';
import { JoinView, prefillJoin } from './audience/join.js';
import { forgetSession, loadSession, type Session } from './audience/session.js';

const root = byId('app');
let view: AudienceApp | JoinView | null = null;

function showJoin(note?: string): void {
  const leaving = view;
  view = new JoinView(root, { note, onJoined: (session) => showApp(session, true) });
  // Sent back to the form: the keyboard starts there, at its first field.
  if (leaving) document.getElementById('join-name')?.focus();
}

/** `joined`: the form was just sent; the focus moves to the page's heading (else it drops to the top). */
function showApp(session: Session, joined = false): void {
  view = new AudienceApp(root, session, (me) => {
    forgetSession();
    prefillJoin(me?.name ?? null, me?.country ?? null);
    showJoin(t('accessExpired'));
  });
  if (joined) view.focusTitle();
}

// A page without an icon of its own asks for /favicon.ico, a 404 in the console.
if (!document.querySelector('link[rel~="icon"]')) {
  const icon = document.createElement('link');
  icon.rel = 'icon';
  icon.href = 'data:,';
  document.head.append(icon);
}

onLocale(() => {
  // The page is drawn again in the new language: the keyboard stays on the language switch.
  const onSwitch = document.activeElement?.classList.contains('locale-switch') ?? false;
  view?.rebuild();
  if (onSwitch) root.querySelector<HTMLElement>('.locale-switch')?.focus();
});
const saved = loadSession();
if (saved) showApp(saved);
else showJoin();
