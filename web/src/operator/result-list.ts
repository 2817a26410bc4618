// The list of results, newest first, with their audit trails; a result is amended in the form
// (results.ts) or voided here.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { redrawnList, type KeyedList } from '../core/keyed-list.js';
import type { AuditEntry, EventState, Result } from '../core/types.js';
import type { Ctx } from './context.js';
import type { CrashData } from './crashdata.js';
import { t } from './words.js';
import { metricsText } from './results.js';
import { armedButton, button, command, time, tr, trAttr } from './ui.js';

const stars = (n: number | undefined): string => (n === undefined ? '' : '★'.repeat(n) + '☆'.repeat(5 - n));

function trailLine(a: AuditEntry): HTMLElement {
  const fields: (keyof Result)[] = ['entryId', 'test', 'score', 'stars', 'status'];
  const show = (r: Result, k: keyof Result): string =>
    k === 'metrics' ? metricsText(r.metrics) : r[k] === undefined ? '—' : String(r[k]);
  const changes = a.before
    ? [...fields, 'metrics' as const]
        .filter((k) => show(a.before as Result, k) !== show(a.after, k))
        .map((k) => `${k}: ${show(a.before as Result, k)} → ${show(a.after, k)}`)
    : [
        `${a.after.entryId} · ${a.after.test} · ${a.after.score}${a.after.stars !== undefined ? ` · ${a.after.stars}★` : ''}`,
      ];
  return h(
    'li',
    {},
    h('span', { class: `chip audit-${a.action}` }, t(`audit.${a.action}`)),
    ` ${time(a.at)} · ${a.by.name ?? a.by.id} · `,
    changes.join('; ') || t('audit.noChange'),
  );
}

/** Every result known (newest first, filtered by the words searched), with its audit trail. */
export class ResultsList extends View<EventState> {
  readonly el: HTMLElement;
  private readonly filter = h('input', { attrs: { type: 'search' } });
  private readonly empty = h('p', { class: 'muted empty' });
  private readonly rows: KeyedList<Result>;
  /** The results whose trail is unfolded. */
  private readonly open = new Set<string>();

  constructor(
    private readonly ctx: Ctx,
    private readonly data: CrashData,
    private readonly onAmend: (r: Result) => void,
  ) {
    super();
    trAttr(this.filter, 'placeholder', 'results.filter');
    trAttr(this.filter, 'aria-label', 'results.filter');
    this.rows = redrawnList(
      h('div', { class: 'result-list' }),
      (r) => r.id,
      (r) => this.signature(r),
      (r) => this.row(r),
    );
    this.filter.addEventListener('input', () => this.update());
    data.onChange(() => this.update());
    this.el = h(
      'div',
      { class: 'card results' },
      h('div', { class: 'row' }, h('h2', { class: 'grow' }, tr('results.listTitle')), this.filter),
      this.empty,
      this.rows.el,
    );
  }

  private nameOf(entryId: string): string {
    return this.ctx.state()?.board.rows.find((r) => r.entryId === entryId)?.name ?? entryId;
  }

  private signature(r: Result): string {
    return JSON.stringify([r, this.nameOf(r.entryId), this.data.trails.get(r.id)?.length ?? 0, this.open.has(r.id)]);
  }

  private row(r: Result): HTMLElement {
    const trail = this.data.trails.get(r.id) ?? [];
    const last = trail[trail.length - 1];
    return h(
      'article',
      { class: `result-row card result-${r.status}`, data: { resultId: r.id } },
      h(
        'div',
        { class: 'row' },
        h('strong', { class: 'grow', attrs: { dir: 'auto' } }, `${this.nameOf(r.entryId)} · ${r.test}`),
        h('span', { class: 'score' }, formatNumber(r.score)),
        h(
          'span',
          { class: 'stars', attrs: { 'aria-label': t('results.starsN', { n: r.stars ?? 0 }) } },
          stars(r.stars),
        ),
        h('span', { class: `chip status-${r.status}` }, t(`rstatus.${r.status}`)),
      ),
      h(
        'div',
        { class: 'muted small' },
        [r.id, time(r.at), last ? (last.by.name ?? last.by.id) : null, metricsText(r.metrics) || null]
          .filter(Boolean)
          .join(' · '),
      ),
      this.actions(r, trail.length),
      this.open.has(r.id)
        ? h('ol', { class: 'trail' }, ...(trail.length ? trail.map(trailLine) : [h('li', {}, t('results.noTrail'))]))
        : null,
    );
  }

  /** Amend, void (armed: two clicks), show or hide the trail. */
  private actions(r: Result, trailLength: number): HTMLElement {
    const toggle = button(
      this.open.has(r.id) ? 'results.hideTrail' : 'results.showTrail',
      () => {
        if (this.open.has(r.id)) this.open.delete(r.id);
        else this.open.add(r.id);
        this.update();
      },
      'secondary small',
      { n: trailLength },
    );
    toggle.setAttribute('aria-expanded', String(this.open.has(r.id)));
    return h(
      'div',
      { class: 'row actions' },
      button('results.amendAction', () => this.onAmend(r), 'secondary small'),
      r.status === 'valid'
        ? armedButton(
            'results.void',
            'results.voidConfirm',
            async (b) => {
              const voided = await command(this.ctx.live, 'crash:void', { resultId: r.id }, [b]);
              if (voided) this.data.sent(voided);
            },
            'danger small',
          )
        : null,
      toggle,
    );
  }

  update(): void {
    const needle = this.filter.value.trim().toLowerCase();
    const shown = this.data
      .list()
      .filter(
        (r) => !needle || `${r.id} ${r.entryId} ${this.nameOf(r.entryId)} ${r.test}`.toLowerCase().includes(needle),
      );
    this.rows.update(shown.slice(0, 200));
    fill(this.empty, shown.length === 0 ? t(this.data.auditLoaded ? 'results.none' : 'results.loading') : null);
  }
}
