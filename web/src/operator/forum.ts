// The KOC forum's moderation queue: pending first (held and anonymous ones marked), then the rest
// in forum order; every moderation action; the moderation switch; upvotes as they move.
import { View, type Redrawn } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { redrawnList, type KeyedList } from '../core/keyed-list.js';
import type { EventState, ModerateAction, OperatorQuestion } from '../core/types.js';
import { compareQuestions } from '../../../src/qa/question.types.js';
import type { Ctx } from './context.js';
import { AnswerDialog, MergeDialog } from './forum-dialogs.js';
import { t, type Key } from './words.js';
import { button, choice, command, field, time, tr, trAttr, uid } from './ui.js';

const FILTERS = ['all', 'pending', 'approved', 'answered', 'rejected', 'flagged', 'merged'] as const;
type Filter = (typeof FILTERS)[number];
const MAX_SHOWN = 300;

function matches(q: OperatorQuestion, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'merged') return q.mergedInto !== undefined;
  if (filter === 'flagged') return q.flagged;
  return q.status === filter && q.mergedInto === undefined;
}

/** How many questions wait for a moderator (the badge on the tab). */
export function pendingCount(state: EventState): number {
  return state.questions.filter((q) => q.status === 'pending' && q.mergedInto === undefined).length;
}

export class ForumSection extends View<EventState> {
  readonly el: HTMLElement;
  private readonly answerDialog: AnswerDialog;
  private readonly mergeDialog: MergeDialog;
  /** The switch: new questions wait for a moderator, or go straight to the audience. */
  private readonly moderation = h('input', { attrs: { type: 'checkbox', role: 'switch' } });
  private switching = false;
  private readonly moderationHint = h('span', { class: 'muted small' });
  private readonly filter = choice(FILTERS, (f) => `forum.filter.${f}`, 'all');
  private readonly kocOnly: HTMLInputElement;
  private readonly search = h('input', { attrs: { type: 'search' } });
  private readonly counts = h('div', { class: 'forum-counts muted' });
  private readonly more = h('p', { class: 'muted' });
  private readonly empty = h('p', { class: 'muted empty' }, tr('forum.none'));
  private readonly cards: KeyedList<OperatorQuestion, Redrawn<OperatorQuestion>>;

  constructor(private readonly ctx: Ctx) {
    super();
    this.answerDialog = new AnswerDialog(ctx);
    this.mergeDialog = new MergeDialog(ctx);
    this.moderation.addEventListener('change', () => this.switchModeration());
    this.kocOnly = h('input', { attrs: { type: 'checkbox', id: uid('koc') } });
    trAttr(this.search, 'placeholder', 'forum.search');
    trAttr(this.search, 'aria-label', 'forum.search');
    const rerender = (): void => {
      const state = ctx.state();
      if (state) this.update(state);
    };
    for (const c of [this.filter, this.kocOnly]) c.addEventListener('change', rerender);
    this.search.addEventListener('input', rerender);
    this.cards = redrawnList(
      h('div', { class: 'question-list' }),
      (q) => q.id,
      (q) => this.signature(q),
      (q) => this.card(q),
    );
    this.el = h('section', { class: 'forum' }, this.toolbar(), this.empty, this.cards.el, this.more);
  }

  private switchModeration(): void {
    const wanted = this.moderation.checked;
    this.switching = true;
    void command(this.ctx.live, 'qa:settings', { moderation: wanted }, []).then((done) => {
      this.switching = false;
      this.moderation.checked = done ? done.moderation : (this.ctx.state()?.forum.moderation ?? !wanted);
    });
  }

  private toolbar(): HTMLElement {
    const switchLabel = h(
      'label',
      { class: 'switch' },
      this.moderation,
      h('span', { class: 'switch-track', attrs: { 'aria-hidden': 'true' } }),
      h('span', {}, tr('forum.moderation')),
    );
    return h(
      'div',
      { class: 'card forum-toolbar' },
      h('div', { class: 'row' }, h('h2', { class: 'grow' }, tr('forum.title')), switchLabel),
      this.moderationHint,
      h(
        'div',
        { class: 'row filters' },
        field('forum.show', this.filter),
        h(
          'label',
          { class: 'check', attrs: { for: this.kocOnly.id } },
          this.kocOnly,
          h('span', {}, tr('forum.kocOnly')),
        ),
        h('div', { class: 'grow' }, this.search),
      ),
      this.counts,
    );
  }

  private textOf(id: string): string {
    return this.ctx.state()?.questions.find((q) => q.id === id)?.text ?? id;
  }

  /** A card is drawn again when this changes (upvotes are updated in place). */
  private signature(q: OperatorQuestion): string {
    const { upvotes: _upvotes, ...rest } = q;
    return JSON.stringify([rest, q.mergedInto ? this.textOf(q.mergedInto) : '']);
  }

  private card(q: OperatorQuestion): HTMLElement {
    const merged = q.mergedInto !== undefined;
    const who = [q.author.name ?? t('forum.noName'), q.author.country, q.lang, time(q.createdAt)].filter(Boolean);
    return h(
      'article',
      {
        class: `card question q-${q.status}${q.flagged ? ' q-flagged' : ''}${merged ? ' q-merged' : ''}`,
        data: { questionId: q.id },
      },
      h(
        'div',
        { class: 'q-head' },
        this.chips(q),
        h('span', { class: 'upvotes', attrs: { title: t('forum.upvotes') } }, `▲ ${formatNumber(q.upvotes)}`),
      ),
      h('p', { class: 'q-text', attrs: { dir: 'auto', lang: q.lang ?? '' } }, q.text),
      merged
        ? h(
            'p',
            { class: 'muted small q-merged-into', attrs: { dir: 'auto' } },
            `→ ${this.textOf(q.mergedInto as string)}`,
          )
        : null,
      q.answer
        ? h('p', { class: 'q-answer', attrs: { dir: 'auto' } }, h('strong', {}, `${t('forum.answerLabel')} `), q.answer)
        : null,
      h('div', { class: 'muted small' }, who.join(' · ')),
      this.actions(q),
    );
  }

  private chips(q: OperatorQuestion): HTMLElement {
    return h(
      'div',
      { class: 'chips' },
      h('span', { class: `chip qstatus-${q.status}` }, t(`qstatus.${q.status}`)),
      q.featured ? h('span', { class: 'chip featured' }, `★ ${t('forum.featured')}`) : null,
      q.flagged ? h('span', { class: 'chip flagged' }, t('forum.flagged')) : null,
      q.anonymous ? h('span', { class: 'chip anonymous' }, t('forum.anonymous')) : null,
      q.author.koc ? h('span', { class: 'chip koc' }, 'KOC') : null,
      q.mergedInto !== undefined ? h('span', { class: 'chip merged' }, t('forum.mergedInto')) : null,
    );
  }

  /** The moderation actions the question's status allows (none once merged). */
  private actions(q: OperatorQuestion): HTMLElement {
    const actions = h('div', { class: 'row actions' });
    if (q.mergedInto !== undefined) return actions;
    const add = (key: Key, run: (b: HTMLButtonElement) => Promise<unknown> | void, cls = 'secondary'): void => {
      actions.append(button(key, run, cls));
    };
    const moderate = (action: ModerateAction) => (b: HTMLButtonElement) =>
      command(this.ctx.live, 'qa:moderate', { questionId: q.id, action }, [b]);
    if (q.status === 'pending' || q.status === 'rejected') add('forum.approve', moderate('approve'), '');
    if (q.status === 'rejected' || q.status === 'answered') add('forum.restore', moderate('restore'));
    if (q.status !== 'rejected') {
      add(q.status === 'answered' ? 'forum.editAnswer' : 'forum.answer', () => this.answerDialog.open(q));
      add(q.featured ? 'forum.unfeature' : 'forum.feature', moderate(q.featured ? 'unfeature' : 'feature'));
      add('forum.mergeAction', () => this.mergeDialog.open(q));
      add('forum.reject', moderate('reject'), 'danger');
    }
    return actions;
  }

  /** Pending first, then the rest in forum order; filtered by status, KOC and the words searched. */
  private shown(all: OperatorQuestion[], waiting: OperatorQuestion[]): OperatorQuestion[] {
    const rest = all.filter((q) => !(q.status === 'pending' && q.mergedInto === undefined));
    const needle = this.search.value.trim().toLowerCase();
    return [...waiting, ...rest].filter(
      (q) =>
        matches(q, this.filter.value as Filter) &&
        (!this.kocOnly.checked || q.author.koc) &&
        (!needle || q.text.toLowerCase().includes(needle) || (q.author.name ?? '').toLowerCase().includes(needle)),
    );
  }

  update(state: EventState): void {
    if (!this.switching) this.moderation.checked = state.forum.moderation;
    fill(this.moderationHint, t(state.forum.moderation ? 'forum.moderationOn' : 'forum.moderationOff'));
    const all = [...(state.questions as OperatorQuestion[])].sort(compareQuestions);
    const waiting = all.filter((q) => q.status === 'pending' && q.mergedInto === undefined);
    const shown = this.shown(all, waiting);
    fill(
      this.counts,
      t('forum.counts', {
        pending: formatNumber(waiting.length),
        flagged: formatNumber(waiting.filter((q) => q.flagged).length),
        total: formatNumber(all.length),
      }),
    );
    const visible = shown.slice(0, MAX_SHOWN);
    this.cards.update(visible);
    for (const q of visible) {
      const count = this.cards.get(q.id)?.el.querySelector('.upvotes');
      if (count) count.textContent = `▲ ${formatNumber(q.upvotes)}`;
    }
    this.empty.classList.toggle('hidden', shown.length > 0);
    fill(this.more, shown.length > MAX_SHOWN ? t('forum.more', { shown: MAX_SHOWN, total: shown.length }) : null);
  }
}
