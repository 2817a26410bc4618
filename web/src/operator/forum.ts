// The KOC forum's moderation queue: pending first (held and anonymous ones marked), then the rest
// in forum order; every moderation action; the moderation switch; upvotes as they move.
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { EventState, OperatorQuestion } from '../core/types.js';
import { compareQuestions } from '../../../src/qa/question.types.js';
import type { Ctx, Section } from './context.js';
import { answerDialog, mergeDialog } from './forum-dialogs.js';
import { t, type Key } from './i18n.js';
import { Keyed, button, choice, command, field, time, tr, trAttr, uid } from './ui.js';

const FILTERS = ['all', 'pending', 'approved', 'answered', 'rejected', 'flagged', 'merged'] as const;
type Filter = (typeof FILTERS)[number];
const MAX_SHOWN = 300;

function matches(q: OperatorQuestion, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'merged') return q.mergedInto !== undefined;
  if (filter === 'flagged') return q.flagged;
  return q.status === filter && q.mergedInto === undefined;
}

export function forumSection(ctx: Ctx): Section & { pending(state: EventState): number } {
  const openAnswer = answerDialog(ctx);
  const openMerge = mergeDialog(ctx);

  // The switch: new questions wait for a moderator, or go straight to the audience.
  const moderation = h('input', { attrs: { type: 'checkbox', role: 'switch' } });
  let switching = false;
  moderation.addEventListener('change', () => {
    const wanted = moderation.checked;
    switching = true;
    void command<{ moderation: boolean }>(ctx.live, 'qa:settings', { moderation: wanted }, []).then((done) => {
      switching = false;
      moderation.checked = done ? done.moderation : (ctx.state()?.forum.moderation ?? !wanted);
    });
  });
  const switchLabel = h(
    'label',
    { class: 'switch' },
    moderation,
    h('span', { class: 'switch-track', attrs: { 'aria-hidden': 'true' } }),
    h('span', {}, tr('forum.moderation')),
  );
  const moderationHint = h('span', { class: 'muted small' });

  const filter = choice(FILTERS, (f) => `forum.filter.${f}`, 'all');
  const kocOnly = h('input', { attrs: { type: 'checkbox', id: uid('koc') } });
  const search = h('input', { attrs: { type: 'search' } });
  trAttr(search, 'placeholder', 'forum.search');
  trAttr(search, 'aria-label', 'forum.search');
  const rerender = (): void => {
    const state = ctx.state();
    if (state) render(state);
  };
  for (const c of [filter, kocOnly]) c.addEventListener('change', rerender);
  search.addEventListener('input', rerender);

  const counts = h('div', { class: 'forum-counts muted' });
  const more = h('p', { class: 'muted' });
  const empty = h('p', { class: 'muted empty' }, tr('forum.none'));
  const list = h('div', { class: 'question-list' });

  const moderate = (q: OperatorQuestion, action: string) => (b: HTMLButtonElement) =>
    command<OperatorQuestion>(ctx.live, 'qa:moderate', { questionId: q.id, action }, [b]);

  const textOf = (id: string): string => ctx.state()?.questions.find((q) => q.id === id)?.text ?? id;

  const cards = new Keyed<OperatorQuestion>(
    list,
    (q) => q.id,
    (q) => {
      const { upvotes: _upvotes, ...rest } = q;
      return JSON.stringify([rest, q.mergedInto ? textOf(q.mergedInto) : '']);
    },
    (q) => {
      const merged = q.mergedInto !== undefined;
      const chips = h(
        'div',
        { class: 'chips' },
        h('span', { class: `chip qstatus-${q.status}` }, t(`qstatus.${q.status}`)),
        q.featured ? h('span', { class: 'chip featured' }, `★ ${t('forum.featured')}`) : null,
        q.flagged ? h('span', { class: 'chip flagged' }, t('forum.flagged')) : null,
        q.anonymous ? h('span', { class: 'chip anonymous' }, t('forum.anonymous')) : null,
        q.author.koc ? h('span', { class: 'chip koc' }, 'KOC') : null,
        merged ? h('span', { class: 'chip merged' }, t('forum.mergedInto')) : null,
      );
      const who = [q.author.name ?? t('forum.noName'), q.author.country, q.lang, time(q.createdAt)].filter(Boolean);
      const actions = h('div', { class: 'row actions' });
      const add = (key: Key, run: (b: HTMLButtonElement) => Promise<unknown> | void, cls = 'secondary'): void => {
        actions.append(button(key, run, cls));
      };
      if (!merged) {
        if (q.status === 'pending' || q.status === 'rejected') add('forum.approve', moderate(q, 'approve'), '');
        if (q.status === 'rejected' || q.status === 'answered') add('forum.restore', moderate(q, 'restore'));
        if (q.status !== 'rejected') {
          add(q.status === 'answered' ? 'forum.editAnswer' : 'forum.answer', () => openAnswer(q));
          add(q.featured ? 'forum.unfeature' : 'forum.feature', moderate(q, q.featured ? 'unfeature' : 'feature'));
          add('forum.mergeAction', () => openMerge(q));
          add('forum.reject', moderate(q, 'reject'), 'danger');
        }
      }
      return h(
        'article',
        {
          class: `card question q-${q.status}${q.flagged ? ' q-flagged' : ''}${merged ? ' q-merged' : ''}`,
          data: { questionId: q.id },
        },
        h(
          'div',
          { class: 'q-head' },
          chips,
          h('span', { class: 'upvotes', attrs: { title: t('forum.upvotes') } }, `▲ ${formatNumber(q.upvotes)}`),
        ),
        h('p', { class: 'q-text', attrs: { dir: 'auto', lang: q.lang ?? '' } }, q.text),
        merged
          ? h(
              'p',
              { class: 'muted small q-merged-into', attrs: { dir: 'auto' } },
              `→ ${textOf(q.mergedInto as string)}`,
            )
          : null,
        q.answer
          ? h(
              'p',
              { class: 'q-answer', attrs: { dir: 'auto' } },
              h('strong', {}, `${t('forum.answerLabel')} `),
              q.answer,
            )
          : null,
        h('div', { class: 'muted small' }, who.join(' · ')),
        actions,
      );
    },
  );

  const el = h(
    'section',
    { class: 'forum' },
    h(
      'div',
      { class: 'card forum-toolbar' },
      h('div', { class: 'row' }, h('h2', { class: 'grow' }, tr('forum.title')), switchLabel),
      moderationHint,
      h(
        'div',
        { class: 'row filters' },
        field('forum.show', filter),
        h('label', { class: 'check', attrs: { for: kocOnly.id } }, kocOnly, h('span', {}, tr('forum.kocOnly'))),
        h('div', { class: 'grow' }, search),
      ),
      counts,
    ),
    empty,
    list,
    more,
  );

  function pending(state: EventState): number {
    return state.questions.filter((q) => q.status === 'pending' && q.mergedInto === undefined).length;
  }

  function render(state: EventState): void {
    if (!switching) moderation.checked = state.forum.moderation;
    fill(moderationHint, t(state.forum.moderation ? 'forum.moderationOn' : 'forum.moderationOff'));
    const all = [...(state.questions as OperatorQuestion[])].sort(compareQuestions);
    const waiting = all.filter((q) => q.status === 'pending' && q.mergedInto === undefined);
    const rest = all.filter((q) => !(q.status === 'pending' && q.mergedInto === undefined));
    const needle = search.value.trim().toLowerCase();
    const shown = [...waiting, ...rest].filter(
      (q) =>
        matches(q, filter.value as Filter) &&
        (!kocOnly.checked || q.author.koc) &&
        (!needle || q.text.toLowerCase().includes(needle) || (q.author.name ?? '').toLowerCase().includes(needle)),
    );
    fill(
      counts,
      t('forum.counts', {
        pending: formatNumber(waiting.length),
        flagged: formatNumber(waiting.filter((q) => q.flagged).length),
        total: formatNumber(all.length),
      }),
    );
    const visible = shown.slice(0, MAX_SHOWN);
    cards.update(visible);
    for (const q of visible) {
      const count = cards.get(q.id)?.querySelector('.upvotes');
      if (count) count.textContent = `▲ ${formatNumber(q.upvotes)}`;
    }
    empty.classList.toggle('hidden', shown.length > 0);
    fill(more, shown.length > MAX_SHOWN ? t('forum.more', { shown: MAX_SHOWN, total: shown.length }) : null);
  }

  return { el, update: render, pending };
}
