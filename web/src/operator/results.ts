// The fast result form (the list of results is in result-list.ts).
// A result's id is made here and kept until the form is cleared: a double click, a resend after a
// lost ack, both land on the same result (the server treats the same id and content as a no-op).
import { View } from '../core/component.js';
import { fill, h, onSubmit } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { EventState, Result } from '../core/types.js';
import { ITEM_ID, type Ctx } from './context.js';
import type { CrashData } from './crashdata.js';
import { t } from './words.js';
import { button, command, field, randomId, toast, tr, trAttr, uid } from './ui.js';

const METRIC = /^[A-Za-z0-9_.-]{1,40}$/;
type Content = Pick<Result, 'entryId' | 'test' | 'score' | 'stars' | 'metrics'>;

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

export function metricsText(metrics: Record<string, number> | undefined): string {
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
    this.el.addEventListener(
      'submit',
      onSubmit(() => this.send()),
    );
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
