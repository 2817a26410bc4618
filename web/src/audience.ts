// The audience app at /e/{eventId}: join, then the keynote polls, the KOC forum and the crash challenge.
import '../styles/base.css';
import '../styles/audience.css';
import { byId } from './core/dom.js';
import { onLocale } from './core/i18n.js';
import { AudienceApp } from './audience/app.js';
import { t } from './audience/i18n.js';
import { JoinView, prefillJoin } from './audience/join.js';
import { forgetSession, loadSession, type Session } from './audience/session.js';

const root = byId('app');
let view: AudienceApp | JoinView | null = null;

function showJoin(note?: string): void {
  view = new JoinView(root, { note, onJoined: showApp });
}

function showApp(session: Session): void {
  view = new AudienceApp(root, session, (me) => {
    forgetSession();
    prefillJoin(me?.name ?? null, me?.country ?? null);
    showJoin(t('accessExpired'));
  });
}

// A page without an icon of its own asks for /favicon.ico, a 404 in the console.
if (!document.querySelector('link[rel~="icon"]')) {
  const icon = document.createElement('link');
  icon.rel = 'icon';
  icon.href = 'data:,';
  document.head.append(icon);
}

onLocale(() => view?.rebuild());
const saved = loadSession();
if (saved) showApp(saved);
else showJoin();
