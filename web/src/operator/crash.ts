// The safety crash challenge: results (fast form, list, audit), the live board with its freeze,
// and the entries.
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { Board, Entry, EventState } from '../core/types.js';
import { ITEM_ID, type Ctx, type Section } from './context.js';
import { CrashData } from './crashdata.js';
import { t } from './i18n.js';
import { resultForm, resultsList } from './results.js';
import { button, command, field, toast, tr, trAttr } from './ui.js';

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

function boardCard(ctx: Ctx): { el: HTMLElement; update(state: EventState): void } {
  const frozenNote = h('p', { class: 'frozen-note' });
  const freeze = button('board.freeze', async (b) => {
    const frozen = !(ctx.state()?.board.frozen ?? false);
    await command<Board>(ctx.live, 'crash:freeze', { frozen }, [b]);
  });
  const show = button(
    'board.showOnScreens',
    (b) => command(ctx.live, 'screen:scene', { kind: 'board' }, [b]),
    'secondary',
  );
  const table = h('table', { class: 'board-table' });
  let seen = '';
  const el = h(
    'div',
    { class: 'card board' },
    h('div', { class: 'row' }, h('h2', { class: 'grow' }, tr('board.title')), show, freeze),
    frozenNote,
    h('div', { class: 'table-wrap' }, table),
  );
  return {
    el,
    update(state: EventState): void {
      const board = state.board;
      const sig = JSON.stringify([board, document.documentElement.lang]);
      if (sig === seen) return;
      seen = sig;
      freeze.textContent = t(board.frozen ? 'board.unfreeze' : 'board.freeze');
      freeze.className = board.frozen ? 'warn' : 'secondary';
      el.classList.toggle('is-frozen', board.frozen);
      fill(frozenNote, board.frozen ? t('board.frozenNote') : null);
      const head = h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, t('board.rank')),
        h('th', { attrs: { scope: 'col' } }, t('board.entry')),
        h('th', { attrs: { scope: 'col' } }, t('board.total')),
        h('th', { attrs: { scope: 'col', title: t('board.starsHint') } }, '5★'),
        ...board.tests.map((test) => h('th', { attrs: { scope: 'col' } }, test)),
      );
      const rows = board.rows.map((r) =>
        h(
          'tr',
          { data: { entryId: r.entryId } },
          h('td', { class: 'rank' }, String(r.rank)),
          h('td', {}, h('strong', { attrs: { dir: 'auto' } }, r.name), h('span', { class: 'muted' }, ` ${r.brand}`)),
          h('td', { class: 'num total' }, formatNumber(r.total)),
          h('td', { class: 'num' }, formatNumber(r.stars)),
          ...board.tests.map((test) =>
            h('td', { class: 'num' }, r.scores[test] !== undefined ? formatNumber(r.scores[test]) : '—'),
          ),
        ),
      );
      fill(
        table,
        h('thead', {}, head),
        h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { attrs: { colspan: 4 } }, t('board.empty')))])),
      );
    },
  };
}

function entriesCard(ctx: Ctx, data: CrashData): { el: HTMLElement; update(state: EventState): void } {
  const id = h('input', { attrs: { type: 'text', maxlength: 40, autocomplete: 'off', dir: 'ltr' } });
  const name = h('input', { attrs: { type: 'text', maxlength: 80, dir: 'auto' } });
  const brand = h('input', { attrs: { type: 'text', maxlength: 40, dir: 'auto' } });
  const model = h('input', { attrs: { type: 'text', maxlength: 80, dir: 'auto' } });
  const country = h('input', { attrs: { type: 'text', maxlength: 2, autocomplete: 'off', dir: 'ltr' } });
  trAttr(country, 'placeholder', 'entries.countryPlaceholder');
  const note = h('p', { class: 'muted small' });
  let idTouched = false;
  let editing: string | null = null;
  id.addEventListener('input', () => {
    idTouched = id.value !== '';
    describe();
  });
  name.addEventListener('input', () => {
    if (!idTouched && editing === null) id.value = slug(name.value);
    describe();
  });

  const exists = (entryId: string): boolean => ctx.state()?.board.rows.some((r) => r.entryId === entryId) ?? false;
  function describe(): void {
    const key = id.value.trim();
    if (!exists(key)) fill(note, key ? t('entries.willAdd', { id: key }) : null);
    else if (data.entry(key)) fill(note, t('entries.willUpdate', { id: key }));
    else fill(note, h('span', { class: 'warn-text' }, t('entries.unknownDetails', { id: key })));
  }

  function clear(): void {
    for (const i of [id, name, brand, model, country]) i.value = '';
    idTouched = false;
    editing = null;
    describe();
  }

  const save = h('button', { attrs: { type: 'submit' } }, tr('entries.save'));
  const form = h(
    'form',
    { class: 'entry-form', attrs: { novalidate: true } },
    h('div', { class: 'row' }, field('entries.name', name), field('entries.brand', brand)),
    h(
      'div',
      { class: 'row' },
      field('entries.model', model),
      field('entries.country', country),
      field('entries.id', id),
    ),
    note,
    h('div', { class: 'row actions' }, save, button('entries.clear', clear, 'secondary')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const entry: Entry = { id: id.value.trim(), name: name.value.trim(), brand: brand.value.trim() };
      if (model.value.trim()) entry.model = model.value.trim();
      if (country.value.trim()) entry.country = country.value.trim().toUpperCase();
      const problems: string[] = [];
      if (!ITEM_ID.test(entry.id)) problems.push(t('entries.badId'));
      if (!entry.name) problems.push(t('entries.needName'));
      if (!entry.brand) problems.push(t('entries.needBrand'));
      if (entry.country && !/^[A-Z]{2}$/.test(entry.country)) problems.push(t('entries.badCountry'));
      if (problems.length > 0) {
        toast(t('entries.notReady'), 'error', problems);
        return;
      }
      const saved = await command<Entry>(ctx.live, 'crash:entry', entry, [save]);
      if (!saved) return;
      data.rememberEntry(saved);
      toast(t('entries.saved', { name: saved.name }));
      clear();
    })();
  });

  const list = h('ul', { class: 'entry-list' });
  let seen = '';
  const el = h('div', { class: 'card entries' }, h('h2', {}, tr('entries.title')), form, list);
  return {
    el,
    update(state: EventState): void {
      const rows = [...state.board.rows].sort((a, b) => a.name.localeCompare(b.name));
      const sig = JSON.stringify([rows.map((r) => [r.entryId, r.name, r.brand]), document.documentElement.lang]);
      if (sig === seen) return;
      seen = sig;
      describe();
      fill(
        list,
        ...rows.map((r) => {
          const known = data.entry(r.entryId);
          const extra = [known?.model, known?.country].filter(Boolean).join(' · ');
          return h(
            'li',
            {},
            h(
              'span',
              { class: 'grow', attrs: { dir: 'auto' } },
              h('strong', {}, r.name),
              ` · ${r.brand}`,
              extra ? ` · ${extra}` : '',
            ),
            h('span', { class: 'muted small' }, r.entryId),
            button(
              'entries.edit',
              () => {
                editing = r.entryId;
                idTouched = true;
                id.value = r.entryId;
                name.value = r.name;
                brand.value = r.brand;
                model.value = known?.model ?? '';
                country.value = known?.country ?? '';
                describe();
                name.focus();
              },
              'secondary small',
            ),
          );
        }),
      );
    },
  };
}

export function crashSection(ctx: Ctx): Section {
  const data = new CrashData(ctx);
  const form = resultForm(ctx, data);
  const results = resultsList(ctx, data, (r) => form.load(r));
  const board = boardCard(ctx);
  const entries = entriesCard(ctx, data);
  const el = h(
    'section',
    { class: 'crash-layout' },
    h('div', { class: 'col-compose' }, form.el, entries.el),
    h('div', { class: 'col-list' }, board.el, results.el),
  );
  data.onChange(() => {
    const state = ctx.state();
    if (state) form.update(state);
  });
  return {
    el,
    update(state: EventState): void {
      data.update(state);
      form.update(state);
      results.update(state);
      board.update(state);
      entries.update(state);
    },
  };
}
