// The console once it has a token: the header (event, live figures, connection, language), the
// tabs of the sections, and the stage as a rail beside them on a laptop.
import type { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, localeSwitch, onLocale, statusText } from '../core/i18n.js';
import { LiveEvent, type Status } from '../core/live.js';
import type { EventState } from '../core/types.js';
import { showAccess, type Claims } from './access.js';
import type { Ctx, Tab } from './context.js';
import { CrashSection } from './crash.js';
import { FiguresStrip } from './figures.js';
import { ForumSection, pendingCount } from './forum.js';
import { t } from './words.js';
import { PollsSection } from './polls.js';
import { QuizSection } from './quiz.js';
import { qtr } from './quiz-words.js';
import { StageSection } from './stage.js';
import { tr, trAttr } from './ui.js';

const TAB_KEY = 'summit:op:tab';
const TABS: Tab[] = ['polls', 'quiz', 'forum', 'crash', 'stage'];
const wide = window.matchMedia('(min-width: 1100px)');

export class OperatorApp {
  private readonly status = h(
    'span',
    { class: 'status', attrs: { role: 'status' }, data: { status: 'connecting' } },
    statusText('connecting'),
  );
  private readonly figures = new FiguresStrip();
  private readonly title = h('h1', { class: 'event-name' }, '…');
  private readonly live: LiveEvent;
  private readonly sections: Record<Tab, View<EventState>>;
  private readonly tabButtons = new Map<Tab, HTMLButtonElement>();
  private readonly pendingBadge = h('span', { class: 'badge hidden' });
  private readonly panels = new Map<Tab, HTMLElement>();
  private layout: HTMLElement | null = null;
  private active: Tab = 'polls';
  /** Server time minus local time, measured at each snapshot. */
  private offset = 0;
  private lastServerTime = 0;

  constructor(
    private readonly root: HTMLElement,
    token: string,
    private readonly claims: Claims | null,
  ) {
    const header = this.header();
    this.live = new LiveEvent({
      token,
      onChange: (state) => this.update(state),
      onStatus: (s) => this.setStatus(s),
      onFigures: (f) => this.figures.update(f),
    });
    const live = this.live;
    const ctx: Ctx = {
      live,
      token,
      get eventId(): string {
        return live.state?.eventId ?? claims?.ev ?? '';
      },
      state: () => live.state,
      serverNow: () => Date.now() + this.offset,
      show: (tab) => this.select(tab),
    };
    this.sections = {
      polls: new PollsSection(ctx),
      quiz: new QuizSection(ctx),
      forum: new ForumSection(ctx),
      crash: new CrashSection(ctx),
      stage: new StageSection(ctx),
    };
    fill(root, header, this.body());
    wide.addEventListener('change', () => this.select(this.active));
    const saved = sessionStorage.getItem(TAB_KEY) as Tab | null;
    this.select(saved && TABS.includes(saved) ? saved : 'polls');
    onLocale(() => this.relabel());
  }

  private header(): HTMLElement {
    const switcher = localeSwitch();
    trAttr(switcher, 'aria-label', 'app.language');
    return h(
      'header',
      { class: 'op-header' },
      h('div', { class: 'brand' }, h('span', { class: 'muted small' }, tr('app.title')), this.title),
      this.figures.el,
      h('div', { class: 'header-tools' }, this.status, switcher),
    );
  }

  /** The tabs and their panels; on a laptop the stage's panel is the rail. */
  private body(): HTMLElement {
    const nav = h('nav', { class: 'tabs', attrs: { role: 'tablist' } });
    for (const tab of TABS) {
      const b = h(
        'button',
        {
          class: 'tab',
          attrs: { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `panel-${tab}` },
          data: { tab },
        },
        tab === 'quiz' ? qtr('tab') : tr(`tab.${tab}`),
        tab === 'forum' ? this.pendingBadge : null,
      );
      b.addEventListener('click', () => this.select(tab));
      this.tabButtons.set(tab, b);
      nav.append(b);
    }
    nav.addEventListener('keydown', (e) => this.arrowKey(e));
    for (const tab of TABS) {
      const attrs = { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` };
      this.panels.set(tab, h('div', { class: `panel panel-${tab}`, attrs }, this.sections[tab].el));
    }
    const panel = (tab: Tab): HTMLElement | null => this.panels.get(tab) ?? null;
    const main = h('main', { class: 'op-main' }, nav, panel('polls'), panel('quiz'), panel('forum'), panel('crash'));
    const rail = h('aside', { class: 'op-rail' }, panel('stage'));
    this.layout = h('div', { class: 'op-layout' }, main, rail);
    return this.layout;
  }

  private select(tab: Tab): void {
    // On a laptop the stage is the rail, always in view: it is no tab there.
    const next = tab === 'stage' && wide.matches ? 'polls' : tab;
    if (next !== this.active) window.scrollTo({ top: 0 });
    this.active = next;
    sessionStorage.setItem(TAB_KEY, next);
    for (const [name, b] of this.tabButtons) {
      b.setAttribute('aria-selected', String(name === next));
      b.tabIndex = name === next ? 0 : -1;
    }
    for (const [name, panel] of this.panels) panel.classList.toggle('active', name === next);
    if (this.layout) this.layout.dataset.tab = next;
  }

  /** Arrow keys move between the tabs shown (mirrored right to left). */
  private arrowKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const visible = TABS.filter((x) => !(x === 'stage' && wide.matches));
    const forward = (e.key === 'ArrowRight') !== (document.documentElement.dir === 'rtl');
    const at = visible.indexOf(this.active);
    const next = visible[(at + (forward ? 1 : visible.length - 1)) % visible.length] ?? 'polls';
    this.select(next);
    this.tabButtons.get(next)?.focus();
  }

  private setStatus(s: Status): void {
    this.status.dataset.status = s;
    this.status.textContent = statusText(s);
    document.body.dataset.status = s;
    if (s === 'unauthorized') showAccess(this.root, 'unauthorized', this.claims);
  }

  private update(state: EventState): void {
    if (state.serverTime !== this.lastServerTime) {
      this.lastServerTime = state.serverTime;
      this.offset = state.serverTime - Date.now();
    }
    if (this.title.textContent !== state.name) {
      this.title.textContent = state.name;
      document.title = `${state.name} · ${t('app.title')}`;
    }
    for (const section of Object.values(this.sections)) section.update(state);
    const pending = pendingCount(state);
    this.pendingBadge.textContent = formatNumber(pending);
    this.pendingBadge.classList.toggle('hidden', pending === 0);
    this.pendingBadge.setAttribute('aria-label', t('forum.pendingBadge', { n: pending }));
  }

  private relabel(): void {
    this.status.textContent = statusText(this.live.status);
    if (this.live.state) {
      document.title = `${this.live.state.name} · ${t('app.title')}`;
      this.update(this.live.state);
    }
  }
}
