// The fast result form and the list of results with their audit trails.
// A result's id is made here and kept until the form is cleared: a double click, a resend after a
// lost ack, both land on the same result (the server treats the same id and content as a no-op).
import { Redrawn, View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { KeyedList } from '../core/keyed-list.js';
import type { AuditEntry, EventState, Result } from '../core/types.js';
import { ITEM_ID, type Ctx } from './context.js';
import type { CrashData } from './crashdata.js';
import { t } from './i18n.js';
import { armedButton, button, command, field, randomId, time, toast, tr, trAttr, uid } from './ui.js';

const METRIC = /^[A-Za-z0-9_.-]{1,40}$/;
type Content = Pick<Result, 'entryId' | 'test' | 'score' | 'stars' | 'metrics'>;

const stars = (n: number | undefined): string => (n === undefined ? '' : '★'.repeat(n) + '☆'.repeat(5 - n));

function parseMetrics(text: string): { metrics?: Record<string, number>; problems: string[] } {
  const problems: string[] = [];
  const metrics: Record<string, number> = {};
  for (const pair of text.split(/[\s,;]+/).filter(Boolean)) {
    const [name = '', raw = ''] = pair.split('=');
    const value = Number(raw);
    if (!METRIC.test(name) || raw.trim() === '' || !Number.isFinite(value))
      problems.push(t('results.badMetric', { pair }));
    else metrics[name] = value;
  }
  if (Object.keys(metrics).length > 30) problems.push(t('results.tooManyMetrics'));
  return Object.keys(metrics).length > 0 ? { metrics, problems } : { problems };
}

function metricsText(metrics: Record<string, number> | undefined): string {
  return Object.entries(metrics ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The fast result form: entry, test (the recent ones a tap away), score, stars, metrics. */
export class ResultForm extends View<EventState> {
  readonly el: HTMLFormElement;
  private readonly entry = h('select', { attrs: { required: true } });
  private readonly test = h('input', {
    attrs: { type: 'text', maxlength: 40, list: uid('tests'), autocomplete: 'off' },
  });
  private readonly testList = h('datalist', { attrs: { id: this.test.getAttribute('list') ?? '' } });
  private readonly recent = h('div', { class: 'chips recent-tests' });
  private readonly score = h('input', {
    attrs: { type: 'number', min: 0, max: 100, step: 0.01, inputmode: 'decimal' },
  });
  private readonly starRadios: HTMLInputElement[] = [];
  private readonly metrics = h('input', { attrs: { type: 'text', autocomplete: 'off', dir: 'ltr' } });
  private readonly idLine = h('div', { class: 'result-id muted small' });
  private readonly submit = h('button', { attrs: { type: 'submit' } });
  private readonly clear = button('results.clear', () => this.reset(), 'secondary');
  private id = randomId('r-');
  /** What was last sent under this id (JSON of its content), null before the first send. */
  private sent: string | null = null;
  private sig = '';

  constructor(
    private readonly ctx: Ctx,
    private readonly data: CrashData,
  ) {
    super();
    trAttr(this.test, 'placeholder', 'crash.testPlaceholder');
    const starBox = this.starBox();
    trAttr(this.metrics, 'placeholder', 'results.metricsPlaceholder');
    this.el = h(
      'form',
      { class: 'card result-form', attrs: { novalidate: true } },
      h('h2', {}, tr('results.title')),
      h('div', { class: 'row' }, field('results.entry', this.entry), field('results.test', this.test, this.testList)),
      this.recent,
      h('div', { class: 'row' }, field('results.score', this.score), field('results.stars', starBox)),
      field('results.metrics', this.metrics),
      this.idLine,
      h('div', { class: 'row actions' }, this.submit, this.clear),
    );
    for (const c of [this.entry, this.test, this.score, this.metrics, ...this.starRadios]) {
      c.addEventListener('input', () => this.label());
      c.addEventListener('change', () => this.label());
    }
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
  }

  private starBox(): HTMLElement {
    const name = uid('stars');
    const box = h('div', { class: 'segmented stars', attrs: { role: 'radiogroup' } });
    for (const v of ['', '0', '1', '2', '3', '4', '5']) {
      const radio = h('input', { attrs: { type: 'radio', name, value: v, checked: v === '' } });
      this.starRadios.push(radio);
      box.append(h('label', { class: 'seg' }, radio, h('span', {}, v === '' ? '—' : `${v}★`)));
    }
    return box;
  }

  private starValue(): number | undefined {
    const v = this.starRadios.find((r) => r.checked)?.value ?? '';
    return v === '' ? undefined : Number(v);
  }

  private content(): Content {
    const c: Content = { entryId: this.entry.value, test: this.test.value.trim(), score: Number(this.score.value) };
    const s = this.starValue();
    if (s !== undefined) c.stars = s;
    const m = parseMetrics(this.metrics.value).metrics;
    if (m) c.metrics = m;
    return c;
  }

  /** The button says what a click will do: send, resend the same (a no-op), or amend. */
  private label(): void {
    const id = this.id;
    const same = this.sent !== null && this.sent === JSON.stringify(this.content());
    this.submit.textContent =
      this.sent === null ? t('results.send') : same ? t('results.resend') : t('results.amend', { id });
    this.submit.className = this.sent !== null && !same ? 'warn' : '';
    fill(this.idLine, t(this.sent === null ? 'results.newId' : 'results.sentId', { id }));
  }

  private reset(): void {
    this.id = randomId('r-');
    this.sent = null;
    this.score.value = '';
    this.metrics.value = '';
    for (const r of this.starRadios) r.checked = r.value === '';
    this.label();
    this.score.focus();
  }

  private pickTest(x: string): void {
    this.test.value = x;
    this.label();
    this.score.focus();
  }

  private problems(): string[] {
    const problems: string[] = [];
    if (!this.entry.value) problems.push(t('results.needEntry'));
    if (!ITEM_ID.test(this.test.value.trim())) problems.push(t('results.needTest'));
    const value = Number(this.score.value);
    if (!/^\d+(\.\d{1,2})?$/.test(this.score.value) || !(value >= 0 && value <= 100))
      problems.push(t('results.badScore'));
    problems.push(...parseMetrics(this.metrics.value).problems);
    return problems;
  }

  private async send(): Promise<void> {
    const problems = this.problems();
    if (problems.length > 0) {
      toast(t('results.notReady'), 'error', problems);
      return;
    }
    const body = this.content();
    const result = await command(this.ctx.live, 'crash:result', { id: this.id, ...body }, [this.submit, this.clear]);
    if (!result) return;
    this.sent = JSON.stringify(body);
    this.data.sent(result);
    const name = this.ctx.state()?.board.rows.find((r) => r.entryId === result.entryId)?.name ?? result.entryId;
    toast(t('results.saved', { entry: name, test: result.test, score: formatNumber(result.score), id: result.id }));
    this.label();
  }

  update(state: EventState): void {
    const tests = this.data.tests(state);
    const next = JSON.stringify([state.board.rows.map((r) => [r.entryId, r.name, r.brand]), tests]);
    if (next === this.sig) return;
    this.sig = next;
    const chosen = this.entry.value;
    const rows = [...state.board.rows].sort((a, b) => a.name.localeCompare(b.name));
    this.entry.replaceChildren(
      h('option', { attrs: { value: '' } }, '—'),
      ...rows.map((r) => h('option', { attrs: { value: r.entryId } }, `${r.name} · ${r.brand}`)),
    );
    this.entry.value = rows.some((r) => r.entryId === chosen) ? chosen : '';
    this.testList.replaceChildren(...tests.all.map((x) => h('option', { attrs: { value: x } })));
    fill(
      this.recent,
      ...tests.recent.map((x) =>
        h('button', { class: 'chip', attrs: { type: 'button' }, on: { click: () => this.pickTest(x) } }, x),
      ),
    );
    this.label();
  }

  /** A result to amend: its id and content in the form. */
  load(r: Result): void {
    this.id = r.id;
    this.entry.value = r.entryId;
    this.test.value = r.test;
    this.score.value = String(r.score);
    this.metrics.value = metricsText(r.metrics);
    for (const radio of this.starRadios) radio.checked = radio.value === (r.stars === undefined ? '' : String(r.stars));
    this.sent = JSON.stringify(this.content());
    this.label();
    this.el.scrollIntoView({ block: 'nearest' });
    this.score.focus();
  }
}

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
    this.rows = new KeyedList(
      h('div', { class: 'result-list' }),
      (r) => r.id,
      (r) =>
        new Redrawn(
          r,
          (x) => this.signature(x),
          (x) => this.row(x),
        ),
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
