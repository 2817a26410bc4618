// The operator console: /operator#token=... Polls, the forum's moderation queue, the crash
// challenge, the stage and the screens, live figures. Everything goes over the socket (live.send).
import '../styles/base.css';
import '../styles/operator.css';
import { byId, fill, h, tokenFromHash } from './core/dom.js';
import { formatNumber, localeSwitch, onLocale, statusText } from './core/i18n.js';
import { LiveEvent, type Status } from './core/live.js';
import type { EventState } from './core/types.js';
import { accessPanel, readClaims, type AccessProblem, type Claims } from './operator/access.js';
import type { Ctx, Section, Tab } from './operator/context.js';
import { crashSection } from './operator/crash.js';
import { figuresStrip } from './operator/figures.js';
import { forumSection } from './operator/forum.js';
import { t } from './operator/i18n.js';
import { pollsSection } from './operator/polls.js';
import { stageSection } from './operator/stage.js';
import { tr, trAttr } from './operator/ui.js';

const app = byId('app');
const TAB_KEY = 'summit:op:tab';
const TABS: Tab[] = ['polls', 'forum', 'crash', 'stage'];
const wide = window.matchMedia('(min-width: 1100px)');

function showAccess(problem: AccessProblem, claims: Claims | null): void {
  document.title = `${t('app.title')} · Summit Live`;
  const panel = accessPanel(problem, claims);
  const existing = document.querySelector('.access-overlay');
  if (existing) existing.remove();
  app.append(h('div', { class: 'access-overlay' }, panel));
}

function start(token: string, claims: Claims | null): void {
  const status = h(
    'span',
    { class: 'status', attrs: { role: 'status' }, data: { status: 'connecting' } },
    statusText('connecting'),
  );
  const figures = figuresStrip();
  const title = h('h1', { class: 'event-name' }, '…');
  const switcher = localeSwitch();
  trAttr(switcher, 'aria-label', 'app.language');
  const header = h(
    'header',
    { class: 'op-header' },
    h('div', { class: 'brand' }, h('span', { class: 'muted small' }, tr('app.title')), title),
    figures.el,
    h('div', { class: 'header-tools' }, status, switcher),
  );

  let offset = 0;
  let lastServerTime = 0;
  const live: LiveEvent = new LiveEvent({
    token,
    onChange: (state) => update(state),
    onStatus: (s) => setStatus(s),
    onFigures: (f) => figures.update(f),
  });
  const ctx: Ctx = {
    live,
    token,
    get eventId(): string {
      return live.state?.eventId ?? claims?.ev ?? '';
    },
    state: () => live.state,
    serverNow: () => Date.now() + offset,
    show: (tab) => select(tab),
  };

  const polls = pollsSection(ctx);
  const forum = forumSection(ctx);
  const crash = crashSection(ctx);
  const stage = stageSection(ctx);
  const sections: Record<Tab, Section> = { polls, forum, crash, stage };

  const tabButtons = new Map<Tab, HTMLButtonElement>();
  const pendingBadge = h('span', { class: 'badge hidden' });
  const nav = h('nav', { class: 'tabs', attrs: { role: 'tablist' } });
  for (const tab of TABS) {
    const b = h(
      'button',
      {
        class: 'tab',
        attrs: { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `panel-${tab}` },
        data: { tab },
      },
      tr(`tab.${tab}`),
      tab === 'forum' ? pendingBadge : null,
    );
    b.addEventListener('click', () => select(tab));
    tabButtons.set(tab, b);
    nav.append(b);
  }
  const panels = new Map<Tab, HTMLElement>();
  for (const tab of TABS) {
    panels.set(
      tab,
      h(
        'div',
        {
          class: `panel panel-${tab}`,
          attrs: { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` },
        },
        sections[tab].el,
      ),
    );
  }
  const main = h(
    'main',
    { class: 'op-main' },
    nav,
    panels.get('polls') ?? null,
    panels.get('forum') ?? null,
    panels.get('crash') ?? null,
  );
  const rail = h('aside', { class: 'op-rail' }, panels.get('stage') ?? null);
  const layout = h('div', { class: 'op-layout' }, main, rail);
  fill(app, header, layout);

  let active: Tab = 'polls';
  function select(tab: Tab): void {
    // On a laptop the stage is the rail, always in view: it is no tab there.
    const next = tab === 'stage' && wide.matches ? 'polls' : tab;
    if (next !== active) window.scrollTo({ top: 0 });
    active = next;
    sessionStorage.setItem(TAB_KEY, active);
    for (const [name, b] of tabButtons) {
      b.setAttribute('aria-selected', String(name === active));
      b.tabIndex = name === active ? 0 : -1;
    }
    for (const [name, panel] of panels) panel.classList.toggle('active', name === active);
    layout.dataset.tab = active;
  }
  nav.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const visible = TABS.filter((x) => !(x === 'stage' && wide.matches));
    const forward = (e.key === 'ArrowRight') !== (document.documentElement.dir === 'rtl');
    const next = visible[(visible.indexOf(active) + (forward ? 1 : visible.length - 1)) % visible.length] ?? 'polls';
    select(next);
    tabButtons.get(next)?.focus();
  });
  wide.addEventListener('change', () => select(active));
  const saved = sessionStorage.getItem(TAB_KEY) as Tab | null;
  select(saved && TABS.includes(saved) ? saved : 'polls');

  function setStatus(s: Status): void {
    status.dataset.status = s;
    status.textContent = statusText(s);
    document.body.dataset.status = s;
    if (s === 'unauthorized') showAccess('unauthorized', claims);
  }

  function update(state: EventState): void {
    if (state.serverTime !== lastServerTime) {
      lastServerTime = state.serverTime;
      offset = state.serverTime - Date.now();
    }
    if (title.textContent !== state.name) {
      title.textContent = state.name;
      document.title = `${state.name} · ${t('app.title')}`;
    }
    for (const section of Object.values(sections)) section.update(state);
    const pending = forum.pending(state);
    pendingBadge.textContent = formatNumber(pending);
    pendingBadge.classList.toggle('hidden', pending === 0);
    pendingBadge.setAttribute('aria-label', t('forum.pendingBadge', { n: pending }));
  }

  onLocale(() => {
    status.textContent = statusText(live.status);
    if (live.state) {
      document.title = `${live.state.name} · ${t('app.title')}`;
      update(live.state);
    }
  });
}

// A page icon of its own: without one the browser asks for /favicon.ico, and its 404 lands in the console.
const icon = document.createElement('link');
icon.rel = 'icon';
icon.href =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#3aa7ff"/>' +
      '<path d="M8 22V10h4v12zm6 0V14h4v8zm6 0v-6h4v6z" fill="#04121f"/></svg>',
  );
document.head.append(icon);

window.addEventListener('hashchange', () => location.reload());
const token = tokenFromHash();
const claims = token ? readClaims(token) : null;
if (!token) showAccess('missing', null);
else if (claims?.role !== undefined && claims.role !== 'operator') showAccess('role', claims);
else start(token, claims);
