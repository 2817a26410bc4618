// The safety crash challenge: results (fast form, list, audit), the live board with its freeze,
// and the entries.
import { View } from '../core/component.js';
import { fill, h, onSubmit } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { BoardRow, Entry, EventState } from '../core/types.js';
import { ITEM_ID, type Ctx } from './context.js';
import { CrashData } from './crashdata.js';
import { t } from './words.js';
import { ResultsList } from './result-list.js';
import { ResultForm } from './results.js';
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

/** The live board as a table, with its freeze and a button that puts it on the screens. */
class BoardCard extends View<EventState> {
  readonly el: HTMLElement;
  private readonly frozenNote = h('p', { class: 'frozen-note' });
  private readonly freeze: HTMLButtonElement;
  private readonly table = h('table', { class: 'board-table' });
  private seen = '';

  constructor(ctx: Ctx) {
    super();
    this.freeze = button('board.freeze', async (b) => {
      const frozen = !(ctx.state()?.board.frozen ?? false);
      await command(ctx.live, 'crash:freeze', { frozen }, [b]);
    });
    const show = button(
      'board.showOnScreens',
      (b) => command(ctx.live, 'screen:scene', { kind: 'board' }, [b]),
      'secondary',
    );
    this.el = h(
      'div',
      { class: 'card board' },
      h('div', { class: 'row' }, h('h2', { class: 'grow' }, tr('board.title')), show, this.freeze),
      this.frozenNote,
      h('div', { class: 'table-wrap' }, this.table),
    );
  }

  update(state: EventState): void {
    const board = state.board;
    const sig = JSON.stringify([board, document.documentElement.lang]);
    if (sig === this.seen) return;
    this.seen = sig;
    this.freeze.textContent = t(board.frozen ? 'board.unfreeze' : 'board.freeze');
    this.freeze.className = board.frozen ? 'warn' : 'secondary';
    this.el.classList.toggle('is-frozen', board.frozen);
    fill(this.frozenNote, board.frozen ? t('board.frozenNote') : null);
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
      this.table,
      h('thead', {}, head),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { attrs: { colspan: 4 } }, t('board.empty')))])),
    );
  }
}

/** The entries: a form to add or edit one (its id made from its name), and the list. */
class EntriesCard extends View<EventState> {
  readonly el: HTMLElement;
  private readonly id = h('input', { attrs: { type: 'text', maxlength: 40, autocomplete: 'off', dir: 'ltr' } });
  private readonly name = h('input', { attrs: { type: 'text', maxlength: 80, dir: 'auto' } });
  private readonly brand = h('input', { attrs: { type: 'text', maxlength: 40, dir: 'auto' } });
  private readonly model = h('input', { attrs: { type: 'text', maxlength: 80, dir: 'auto' } });
  private readonly country = h('input', { attrs: { type: 'text', maxlength: 2, autocomplete: 'off', dir: 'ltr' } });
  private readonly note = h('p', { class: 'muted small' });
  private readonly save = h('button', { attrs: { type: 'submit' } }, tr('entries.save'));
  private readonly list = h('ul', { class: 'entry-list' });
  private idTouched = false;
  private editing: string | null = null;
  private seen = '';

  constructor(
    private readonly ctx: Ctx,
    private readonly data: CrashData,
  ) {
    super();
    trAttr(this.country, 'placeholder', 'entries.countryPlaceholder');
    this.id.addEventListener('input', () => {
      this.idTouched = this.id.value !== '';
      this.describe();
    });
    this.name.addEventListener('input', () => {
      if (!this.idTouched && this.editing === null) this.id.value = slug(this.name.value);
      this.describe();
    });
    const form = h(
      'form',
      { class: 'entry-form', attrs: { novalidate: true } },
      h('div', { class: 'row' }, field('entries.name', this.name), field('entries.brand', this.brand)),
      h(
        'div',
        { class: 'row' },
        field('entries.model', this.model),
        field('entries.country', this.country),
        field('entries.id', this.id),
      ),
      this.note,
      h(
        'div',
        { class: 'row actions' },
        this.save,
        button('entries.clear', () => this.clear(), 'secondary'),
      ),
    );
    form.addEventListener(
      'submit',
      onSubmit(() => this.submit()),
    );
    this.el = h('div', { class: 'card entries' }, h('h2', {}, tr('entries.title')), form, this.list);
  }

  /** What saving will do: add, update, or update an entry whose details this console does not know. */
  private describe(): void {
    const key = this.id.value.trim();
    const exists = this.ctx.state()?.board.rows.some((r) => r.entryId === key) ?? false;
    if (!exists) fill(this.note, key ? t('entries.willAdd', { id: key }) : null);
    else if (this.data.entry(key)) fill(this.note, t('entries.willUpdate', { id: key }));
    else fill(this.note, h('span', { class: 'warn-text' }, t('entries.unknownDetails', { id: key })));
  }

  private clear(): void {
    for (const i of [this.id, this.name, this.brand, this.model, this.country]) i.value = '';
    this.idTouched = false;
    this.editing = null;
    this.describe();
  }

  private async submit(): Promise<void> {
    const entry: Entry = { id: this.id.value.trim(), name: this.name.value.trim(), brand: this.brand.value.trim() };
    if (this.model.value.trim()) entry.model = this.model.value.trim();
    if (this.country.value.trim()) entry.country = this.country.value.trim().toUpperCase();
    const problems: string[] = [];
    if (!ITEM_ID.test(entry.id)) problems.push(t('entries.badId'));
    if (!entry.name) problems.push(t('entries.needName'));
    if (!entry.brand) problems.push(t('entries.needBrand'));
    if (entry.country && !/^[A-Z]{2}$/.test(entry.country)) problems.push(t('entries.badCountry'));
    if (problems.length > 0) {
      toast(t('entries.notReady'), 'error', problems);
      return;
    }
    const saved = await command(this.ctx.live, 'crash:entry', entry, [this.save]);
    if (!saved) return;
    this.data.rememberEntry(saved);
    toast(t('entries.saved', { name: saved.name }));
    this.clear();
  }

  private edit(r: BoardRow, known: Entry | undefined): void {
    this.editing = r.entryId;
    this.idTouched = true;
    this.id.value = r.entryId;
    this.name.value = r.name;
    this.brand.value = r.brand;
    this.model.value = known?.model ?? '';
    this.country.value = known?.country ?? '';
    this.describe();
    this.name.focus();
  }

  private row(r: BoardRow): HTMLElement {
    const known = this.data.entry(r.entryId);
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
      button('entries.edit', () => this.edit(r, known), 'secondary small'),
    );
  }

  update(state: EventState): void {
    const rows = [...state.board.rows].sort((a, b) => a.name.localeCompare(b.name));
    const sig = JSON.stringify([rows.map((r) => [r.entryId, r.name, r.brand]), document.documentElement.lang]);
    if (sig === this.seen) return;
    this.seen = sig;
    this.describe();
    fill(this.list, ...rows.map((r) => this.row(r)));
  }
}

export class CrashSection extends View<EventState> {
  readonly el: HTMLElement;
  private readonly data: CrashData;
  private readonly form: ResultForm;
  private readonly results: ResultsList;
  private readonly board: BoardCard;
  private readonly entries: EntriesCard;

  constructor(ctx: Ctx) {
    super();
    this.data = new CrashData(ctx);
    this.form = new ResultForm(ctx, this.data);
    this.results = new ResultsList(ctx, this.data, (r) => this.form.load(r));
    this.board = new BoardCard(ctx);
    this.entries = new EntriesCard(ctx, this.data);
    this.el = h(
      'section',
      { class: 'crash-layout' },
      h('div', { class: 'col-compose' }, this.form.el, this.entries.el),
      h('div', { class: 'col-list' }, this.board.el, this.results.el),
    );
    this.data.onChange(() => {
      const state = ctx.state();
      if (state) this.form.update(state);
    });
  }

  update(state: EventState): void {
    this.data.update(state);
    this.form.update(state);
    this.results.update();
    this.board.update(state);
    this.entries.update(state);
  }
}
