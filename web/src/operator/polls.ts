// The polls: the composer beside the list of every poll (drafts too) with its buttons and live tally.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import { redrawnList, type KeyedList } from '../core/keyed-list.js';
import type { EventState, Poll } from '../core/types.js';
import { PollComposer } from './composer.js';
import type { Ctx } from './context.js';
import { downloadWithToken } from './download.js';
import { t } from './words.js';
import { ModerationView } from './moderation.js';
import { kindLabel, tp } from './kinds-words.js';
import { TallyView } from './tally.js';
import { button, command, tr, time } from './ui.js';

const FILTERS = ['all', 'draft', 'open', 'closed'] as const;
type Filter = (typeof FILTERS)[number];

function csvPath(ctx: Ctx, poll: Poll): string {
  return `/api/events/${encodeURIComponent(ctx.eventId)}/polls/${encodeURIComponent(poll.id)}/results.csv`;
}

export class PollsSection extends View<EventState> {
  readonly el: HTMLElement;
  private readonly composer: PollComposer;
  private readonly empty = h('p', { class: 'muted empty' }, tr('polls.none'));
  private readonly filterCounts = new Map<Filter, HTMLElement>();
  private filter: Filter = 'all';
  private readonly tallies = new Map<string, TallyView>();
  private readonly moderations = new Map<string, ModerationView>();
  private readonly cards: KeyedList<Poll>;

  constructor(private readonly ctx: Ctx) {
    super();
    this.composer = new PollComposer(ctx);
    this.cards = redrawnList(
      h('div', { class: 'poll-list' }),
      (p) => p.id,
      (p) => this.signature(p),
      (p) => this.card(p),
    );
    this.el = h(
      'section',
      { class: 'polls-layout' },
      h('div', { class: 'col-compose' }, this.composer.el),
      h(
        'div',
        { class: 'col-list' },
        h('div', { class: 'list-head row' }, h('h2', { class: 'grow' }, tr('polls.title')), this.filterBox()),
        this.empty,
        this.cards.el,
      ),
    );
  }

  /** All, drafts, open, closed: each with its count. */
  private filterBox(): HTMLElement {
    const box = h('div', { class: 'segmented small', attrs: { role: 'radiogroup' } });
    for (const f of FILTERS) {
      const radio = h('input', { attrs: { type: 'radio', name: 'poll-filter', value: f, checked: f === this.filter } });
      radio.addEventListener('change', () => {
        this.filter = f;
        const state = this.ctx.state();
        if (state) this.render(state);
      });
      const count = h('span', { class: 'count' });
      this.filterCounts.set(f, count);
      box.append(h('label', { class: 'seg' }, radio, h('span', {}, tr(`polls.filter.${f}`), ' ', count)));
    }
    return box;
  }

  private tallyOf(id: string): TallyView {
    let view = this.tallies.get(id);
    if (!view) {
      view = new TallyView();
      this.tallies.set(id, view);
    }
    return view;
  }

  /** A text poll's answers to check (kept across redraws of its card, like its tally). */
  private moderationOf(id: string): ModerationView {
    let view = this.moderations.get(id);
    if (!view) {
      view = new ModerationView(this.ctx);
      this.moderations.set(id, view);
    }
    return view;
  }

  private onScreen(p: Poll): boolean {
    const scene = this.ctx.state()?.screen.scene;
    return scene?.kind === 'poll' && scene.pollId === p.id;
  }

  /** A card is drawn again when this changes (not when only its tally moves). */
  private signature(p: Poll): string {
    const { tally: _tally, ...rest } = p;
    return JSON.stringify([rest, this.onScreen(p), this.ctx.state()?.board.rows.length]);
  }

  private card(p: Poll): HTMLElement {
    const langs = Object.keys(p.question).join(' · ');
    const when = p.openedAt
      ? t('polls.openedAt', { time: time(p.openedAt) })
      : t('polls.createdAt', { time: time(p.createdAt) });
    return h(
      'article',
      { class: `card poll poll-${p.status}`, data: { pollId: p.id } },
      this.chips(p),
      h('h3', { class: 'poll-question', attrs: { dir: 'auto' } }, pickText(p.question)),
      h('div', { class: 'muted small' }, `${p.id} · ${langs} · ${when}`),
      p.kind === 'multi' && p.maxChoices
        ? h('div', { class: 'muted small' }, t('polls.maxChoices', { n: p.maxChoices }))
        : null,
      p.kind === 'ranking' && p.maxRank && p.maxRank < p.options.length
        ? h('div', { class: 'muted small' }, tp('polls.maxRank', { n: formatNumber(p.maxRank) }))
        : null,
      p.kind === 'text'
        ? h('div', { class: 'muted small' }, tp(p.moderated ? 'polls.moderated' : 'polls.unmoderated'))
        : null,
      this.tallyOf(p.id).el,
      p.kind === 'text' && p.status !== 'draft' ? this.moderationOf(p.id).el : null,
      this.actions(p),
    );
  }

  private chips(p: Poll): HTMLElement {
    const entryName = (entryId: string): string =>
      this.ctx.state()?.board.rows.find((r) => r.entryId === entryId)?.name ?? entryId;
    return h(
      'div',
      { class: 'chips' },
      h('span', { class: `chip status-${p.status}` }, t(`status.${p.status}`)),
      h('span', { class: 'chip' }, kindLabel(p.kind)),
      h('span', { class: 'chip' }, t(`mode.${p.results}`)),
      p.revealed ? h('span', { class: 'chip revealed' }, t('polls.revealed')) : null,
      p.predicts
        ? h(
            'span',
            { class: 'chip predict' },
            t('polls.predicts', { entry: entryName(p.predicts.entryId), test: p.predicts.test }),
          )
        : null,
      p.correct ? h('span', { class: 'chip settled' }, t('polls.settled', { n: p.correct.length })) : null,
      this.onScreen(p) ? h('span', { class: 'chip on-screen' }, t('polls.onScreen')) : null,
    );
  }

  /** Open or reopen, close, reveal, show on the screens, the results as CSV. */
  private actions(p: Poll): HTMLElement {
    const live = this.ctx.live;
    const act = (event: 'poll:open' | 'poll:close' | 'poll:reveal') => (b: HTMLButtonElement) =>
      command(live, event, { pollId: p.id }, [b]);
    const actions = h('div', { class: 'row actions' });
    if (p.status === 'draft' || p.status === 'closed')
      actions.append(button(p.status === 'draft' ? 'polls.open' : 'polls.reopen', act('poll:open')));
    if (p.status === 'open') actions.append(button('polls.close', act('poll:close'), 'warn'));
    if (p.status !== 'draft' && !p.revealed) actions.append(button('polls.reveal', act('poll:reveal'), 'secondary'));
    if (p.status !== 'draft' && !this.onScreen(p))
      actions.append(
        button(
          'polls.showOnScreens',
          (b) => command(live, 'screen:scene', { kind: 'poll', pollId: p.id }, [b]),
          'secondary',
        ),
      );
    const csv = h(
      'a',
      { class: 'csv-link', attrs: { href: csvPath(this.ctx, p), download: `${p.id}.csv` } },
      t('polls.csv'),
    );
    csv.addEventListener('click', (e) => {
      e.preventDefault();
      void downloadWithToken(this.ctx, csvPath(this.ctx, p), `${this.ctx.eventId}-${p.id}-results.csv`, csv);
    });
    actions.append(csv);
    return actions;
  }

  private render(state: EventState): void {
    for (const f of FILTERS) {
      const n = f === 'all' ? state.polls.length : state.polls.filter((p) => p.status === f).length;
      fill(this.filterCounts.get(f) as HTMLElement, formatNumber(n));
    }
    const shown = state.polls.filter((p) => this.filter === 'all' || p.status === this.filter);
    this.cards.update(shown);
    for (const p of shown) this.tallyOf(p.id).update(p);
    for (const p of shown) if (p.kind === 'text' && p.status !== 'draft') this.moderationOf(p.id).update(p);
    for (const id of this.tallies.keys()) if (!state.polls.some((p) => p.id === id)) this.tallies.delete(id);
    for (const id of this.moderations.keys()) if (!state.polls.some((p) => p.id === id)) this.moderations.delete(id);
    this.empty.classList.toggle('hidden', shown.length > 0);
  }

  update(state: EventState): void {
    this.composer.update(state);
    this.render(state);
  }
}
