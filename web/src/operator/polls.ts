// The polls: the composer beside the list of every poll (drafts too) with its buttons and live tally.
import { fill, h } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import type { EventState, Poll } from '../core/types.js';
import { pollComposer } from './composer.js';
import type { Ctx, Section } from './context.js';
import { t } from './i18n.js';
import { TallyView } from './tally.js';
import { Keyed, button, command, errorToast, toast, tr, time } from './ui.js';

const FILTERS = ['all', 'draft', 'open', 'closed'] as const;
type Filter = (typeof FILTERS)[number];

/** GET .../results.csv with the token, handed to the browser as a download (a Blob URL). */
async function downloadCsv(ctx: Ctx, poll: Poll, link: HTMLElement): Promise<void> {
  link.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(csvPath(ctx, poll), { headers: { Authorization: `Bearer ${ctx.token}` } });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      const error = body?.error ?? { code: 'INTERNAL', message: `HTTP ${res.status}` };
      errorToast({ code: error.code as 'INTERNAL', message: error.message });
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { attrs: { href: url, download: `${ctx.eventId}-${poll.id}-results.csv` } });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  } catch {
    toast(t('polls.csvFailed'), 'error');
  } finally {
    link.removeAttribute('aria-busy');
  }
}

function csvPath(ctx: Ctx, poll: Poll): string {
  return `/api/events/${encodeURIComponent(ctx.eventId)}/polls/${encodeURIComponent(poll.id)}/results.csv`;
}

export function pollsSection(ctx: Ctx): Section {
  const composer = pollComposer(ctx);
  const list = h('div', { class: 'poll-list' });
  const empty = h('p', { class: 'muted empty' }, tr('polls.none'));
  const filterBox = h('div', { class: 'segmented small', attrs: { role: 'radiogroup' } });
  let filter: Filter = 'all';
  const filterCounts = new Map<Filter, HTMLElement>();
  for (const f of FILTERS) {
    const radio = h('input', { attrs: { type: 'radio', name: 'poll-filter', value: f, checked: f === filter } });
    radio.addEventListener('change', () => {
      filter = f;
      const state = ctx.state();
      if (state) render(state);
    });
    const count = h('span', { class: 'count' });
    filterCounts.set(f, count);
    filterBox.append(h('label', { class: 'seg' }, radio, h('span', {}, tr(`polls.filter.${f}`), ' ', count)));
  }

  const tallies = new Map<string, TallyView>();
  const tallyOf = (id: string): TallyView => {
    let view = tallies.get(id);
    if (!view) {
      view = new TallyView();
      tallies.set(id, view);
    }
    return view;
  };

  const entryName = (entryId: string): string =>
    ctx.state()?.board.rows.find((r) => r.entryId === entryId)?.name ?? entryId;

  const act = (event: string, poll: Poll) => (b: HTMLButtonElement) =>
    command<Poll>(ctx.live, event, { pollId: poll.id }, [b]);

  const cards = new Keyed<Poll>(
    list,
    (p) => p.id,
    (p) => {
      const scene = ctx.state()?.screen.scene;
      const onScreen = scene?.kind === 'poll' && scene.pollId === p.id;
      const { tally: _tally, ...rest } = p;
      return JSON.stringify([rest, onScreen, ctx.state()?.board.rows.length]);
    },
    (p) => {
      const scene = ctx.state()?.screen.scene;
      const onScreen = scene?.kind === 'poll' && scene.pollId === p.id;
      const chips = h(
        'div',
        { class: 'chips' },
        h('span', { class: `chip status-${p.status}` }, t(`status.${p.status}`)),
        h('span', { class: 'chip' }, t(`kind.${p.kind}`)),
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
        onScreen ? h('span', { class: 'chip on-screen' }, t('polls.onScreen')) : null,
      );
      const actions = h('div', { class: 'row actions' });
      if (p.status === 'draft' || p.status === 'closed')
        actions.append(button(p.status === 'draft' ? 'polls.open' : 'polls.reopen', act('poll:open', p)));
      if (p.status === 'open') actions.append(button('polls.close', act('poll:close', p), 'warn'));
      if (p.status !== 'draft' && !p.revealed)
        actions.append(button('polls.reveal', act('poll:reveal', p), 'secondary'));
      if (p.status !== 'draft' && !onScreen)
        actions.append(
          button(
            'polls.showOnScreens',
            (b) => command(ctx.live, 'screen:scene', { kind: 'poll', pollId: p.id }, [b]),
            'secondary',
          ),
        );
      const csv = h(
        'a',
        { class: 'csv-link', attrs: { href: csvPath(ctx, p), download: `${p.id}.csv` } },
        t('polls.csv'),
      );
      csv.addEventListener('click', (e) => {
        e.preventDefault();
        void downloadCsv(ctx, p, csv);
      });
      actions.append(csv);
      const langs = Object.keys(p.question).join(' · ');
      const when = p.openedAt
        ? t('polls.openedAt', { time: time(p.openedAt) })
        : t('polls.createdAt', { time: time(p.createdAt) });
      return h(
        'article',
        { class: `card poll poll-${p.status}`, data: { pollId: p.id } },
        chips,
        h('h3', { class: 'poll-question', attrs: { dir: 'auto' } }, pickText(p.question)),
        h('div', { class: 'muted small' }, `${p.id} · ${langs} · ${when}`),
        p.kind === 'multi' && p.maxChoices
          ? h('div', { class: 'muted small' }, t('polls.maxChoices', { n: p.maxChoices }))
          : null,
        tallyOf(p.id).el,
        actions,
      );
    },
  );

  const el = h(
    'section',
    { class: 'polls-layout' },
    h('div', { class: 'col-compose' }, composer.el),
    h(
      'div',
      { class: 'col-list' },
      h('div', { class: 'list-head row' }, h('h2', { class: 'grow' }, tr('polls.title')), filterBox),
      empty,
      list,
    ),
  );

  function render(state: EventState): void {
    for (const f of FILTERS) {
      const n = f === 'all' ? state.polls.length : state.polls.filter((p) => p.status === f).length;
      fill(filterCounts.get(f) as HTMLElement, formatNumber(n));
    }
    const shown = state.polls.filter((p) => filter === 'all' || p.status === filter);
    cards.update(shown);
    for (const p of shown) tallyOf(p.id).update(p);
    for (const id of tallies.keys()) if (!state.polls.some((p) => p.id === id)) tallies.delete(id);
    empty.classList.toggle('hidden', shown.length > 0);
  }

  return {
    el,
    update(state: EventState): void {
      composer.update(state);
      render(state);
    },
  };
}
