// The audience app once joined: the header (event, connection, me), the tabs, and the three sections.
import { fill, h } from '../core/dom.js';
import { formatNumber, localeSwitch, statusText } from '../core/i18n.js';
import { LiveEvent, type Status } from '../core/live.js';
import { countryLabel } from '../core/names.js';
import type { EventState, Me } from '../core/types.js';
import { Challenge } from './challenge.js';
import type { Ctx } from './ctx.js';
import { CueBanner } from './cue.js';
import { Forum } from './forum.js';
import { t } from './words.js';
import { Keynote, unvoted } from './keynote.js';
import { QuizCard, quizWaiting } from './quiz.js';
import { kocBadge } from './questions.js';
import { Reactions } from './reactions.js';
import { saveSession, type Session } from './session.js';
import { setText, show } from './ui.js';

const TABS = ['keynote', 'forum', 'challenge'] as const;
type Tab = (typeof TABS)[number];

function tabFromHash(): Tab {
  const wanted = location.hash.slice(1);
  return (TABS as readonly string[]).includes(wanted) ? (wanted as Tab) : 'keynote';
}

interface Parts {
  title: HTMLElement;
  status: HTMLElement;
  me: HTMLElement;
  inviteNote: HTMLElement;
  tabs: Map<Tab, { button: HTMLButtonElement; badge: HTMLElement; panel: HTMLElement }>;
  loading: HTMLElement;
  cue: CueBanner;
  keynote: Keynote;
  quiz: QuizCard;
  forum: Forum;
  challenge: Challenge;
  reactions: Reactions;
}

export class AudienceApp {
  private readonly live: LiveEvent;
  private readonly ctx: Ctx;
  private parts: Parts | null = null;
  private tab: Tab = tabFromHash();
  private status: Status = 'connecting';
  private lastState: EventState | null = null;
  private lastPredictors: unknown = null;
  private offset = 0;
  private standingTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly session: Session,
    private readonly onRefused: (me: Me | null) => void,
  ) {
    this.live = new LiveEvent({
      token: session.token,
      onChange: (state) => this.changed(state),
      onStatus: (status) => this.statusChanged(status),
      onBurst: (burst) => this.parts?.reactions.update(burst),
    });
    this.ctx = {
      live: this.live,
      refresh: () => this.render(),
      clockOffset: () => this.offset,
    };
    this.rebuild();
  }

  /** Draws the whole page again (the language changed); what is held and typed stays. */
  rebuild(): void {
    if (this.closed) return;
    this.parts?.cue.destroy();
    this.parts?.forum.destroy();
    this.parts?.quiz.destroy();
    const tabs: Parts['tabs'] = new Map();
    const nav = h('nav', {
      class: 'tabs',
      attrs: { role: 'tablist', 'aria-label': t('sections') },
      on: { keydown: (e) => this.arrowKey(e) },
    });
    const keynote = new Keynote(this.ctx);
    const quiz = new QuizCard(this.ctx);
    const forum = new Forum(this.ctx);
    const challenge = new Challenge(this.ctx);
    const panels: Record<Tab, HTMLElement> = { keynote: keynote.el, forum: forum.el, challenge: challenge.el };
    for (const tab of TABS) {
      const badge = h('span', { class: 'badge hidden' });
      const button = h(
        'button',
        {
          class: 'tab',
          attrs: { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `panel-${tab}` },
          on: { click: () => this.select(tab) },
        },
        h('span', {}, t(tab)),
        badge,
      );
      const panel = h(
        'section',
        { class: 'panel', attrs: { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` } },
        tab === 'keynote' ? quiz.el : null,
        panels[tab],
      );
      tabs.set(tab, { button, badge, panel });
      nav.append(button);
    }
    const parts: Parts = {
      title: h('h1', { class: 'event-name', attrs: { dir: 'auto' } }, this.live.state?.name ?? 'Summit Live'),
      status: h('span', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }),
      me: h('div', { class: 'me' }),
      inviteNote: h(
        'div',
        { class: 'card notice-card invite-note hidden', attrs: { role: 'status' } },
        h('p', {}, t('inviteUnknown')),
        h(
          'button',
          { class: 'secondary', attrs: { type: 'button' }, on: { click: () => this.dismissInvite() } },
          t('ok'),
        ),
      ),
      tabs,
      loading: h('p', { class: 'muted loading' }, t('loading')),
      cue: new CueBanner(this.ctx),
      keynote,
      quiz,
      forum,
      challenge,
      reactions: new Reactions(this.ctx),
    };
    this.parts = parts;
    this.root.replaceChildren(
      h('header', { class: 'top' }, h('div', { class: 'top-row' }, parts.title, parts.status), nav),
      h(
        'main',
        { class: 'page' },
        h('div', { class: 'me-row' }, parts.me, this.languageSwitch()),
        parts.inviteNote,
        parts.cue.el,
        parts.loading,
        ...[...tabs.values()].map((tab) => tab.panel),
      ),
      parts.reactions.el,
    );
    this.drawStatus();
    this.drawTabs();
    this.render();
  }

  private languageSwitch(): HTMLSelectElement {
    const select = localeSwitch();
    select.setAttribute('aria-label', t('languageLabel'));
    return select;
  }

  /** The keyboard starts at the top of the page once joined (the form it was on is gone). */
  focusTitle(): void {
    const title = this.parts?.title;
    if (!title) return;
    title.tabIndex = -1;
    title.focus();
  }

  private changed(state: EventState): void {
    if (state !== this.lastState) {
      // A fresh snapshot: it carries my standing, and the server's clock.
      this.lastState = state;
      this.offset = state.serverTime - Date.now();
    } else if (state.predictors !== this.lastPredictors) {
      this.refreshStanding();
    }
    this.lastPredictors = state.predictors;
    this.render();
  }

  /**
   * The predictors moved: ask for my points and rank, after a random 0-3 s so that thousands of
   * phones do not ask in the same instant.
   */
  private refreshStanding(): void {
    if (this.standingTimer) return;
    this.standingTimer = setTimeout(() => {
      this.standingTimer = undefined;
      void this.live.send('crash:standing').then((ack) => {
        const me = this.live.state?.me;
        if (!ack.ok || !me) return; // Background refresh: the next change or snapshot mends it.
        me.points = ack.data.points;
        me.rank = ack.data.rank;
        this.render();
      });
    }, Math.random() * 3000);
  }

  private statusChanged(status: Status): void {
    this.status = status;
    if (status === 'unauthorized') {
      // The stored access is refused (expired, or the event is gone): forget it and join again.
      this.close();
      this.onRefused(this.live.state?.me ?? null);
      return;
    }
    this.drawStatus();
  }

  private drawStatus(): void {
    const el = this.parts?.status;
    if (!el) return;
    el.dataset.status = this.status;
    setText(el, statusText(this.status));
    document.body.dataset.status = this.status;
  }

  private select(tab: Tab): void {
    if (tab === this.tab) return;
    this.tab = tab;
    history.replaceState(null, '', `${location.pathname}${location.search}#${tab}`);
    this.drawTabs();
    window.scrollTo({ top: 0 });
  }

  /** Arrow keys move between the tabs (mirrored right to left), as a tab list should. */
  private arrowKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const forward = (e.key === 'ArrowRight') === (document.documentElement.dir !== 'rtl');
    const at = TABS.indexOf(this.tab);
    const next = TABS[(at + (forward ? 1 : TABS.length - 1)) % TABS.length] ?? 'keynote';
    e.preventDefault();
    this.select(next);
    this.parts?.tabs.get(next)?.button.focus();
  }

  private drawTabs(): void {
    const parts = this.parts;
    if (!parts) return;
    for (const [tab, { button, panel }] of parts.tabs) {
      button.setAttribute('aria-selected', String(tab === this.tab));
      button.tabIndex = tab === this.tab ? 0 : -1;
      show(panel, tab === this.tab);
    }
    parts.reactions.visible = this.tab === 'keynote';
    show(parts.reactions.el, this.tab === 'keynote');
    document.body.dataset.tab = this.tab;
  }

  private dismissInvite(): void {
    this.session.inviteUnknown = false;
    saveSession(this.session);
    if (this.parts) show(this.parts.inviteNote, false);
  }

  private render(): void {
    const parts = this.parts;
    const state = this.live.state;
    if (!parts || this.closed) return;
    show(parts.loading, !state);
    show(parts.inviteNote, !!this.session.inviteUnknown);
    for (const { panel } of parts.tabs.values()) panel.classList.toggle('waiting', !state);
    if (!state) return;
    setText(parts.title, state.name);
    document.title = `${state.name} · Summit Live`;
    this.drawMe(state);
    parts.cue.update(state.stage.cue);
    parts.keynote.update(state);
    parts.quiz.update(state);
    parts.forum.update(state);
    parts.challenge.update(state);
    this.badge('keynote', unvoted(state, false) + quizWaiting(state, this.live.quiz.serverNow()));
    this.badge('challenge', unvoted(state, true));
  }

  private drawMe(state: EventState): void {
    const me = state.me;
    const parts = this.parts;
    if (!parts || !me) return;
    const sig = JSON.stringify([me.name, me.country, me.koc]);
    if (parts.me.dataset.sig === sig) return;
    parts.me.dataset.sig = sig;
    fill(
      parts.me,
      h('span', { class: 'me-name', attrs: { dir: 'auto' } }, me.name ?? t('anonymous')),
      me.country ? h('span', { class: 'muted' }, countryLabel(me.country)) : null,
      me.koc ? kocBadge() : null,
    );
  }

  private badge(tab: Tab, count: number): void {
    const badge = this.parts?.tabs.get(tab)?.badge;
    if (!badge) return;
    setText(badge, count > 0 ? formatNumber(count) : '');
    if (count > 0) badge.setAttribute('aria-label', t('toVote', { n: formatNumber(count) }));
    else badge.removeAttribute('aria-label');
    show(badge, count > 0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.standingTimer);
    this.parts?.cue.destroy();
    this.parts?.forum.destroy();
    this.parts?.quiz.destroy();
    this.live.close();
  }
}
