// The fast result form and the list of results with their audit trails.
// A result's id is made here and kept until the form is cleared: a double click, a resend after a
// lost ack, both land on the same result (the server treats the same id and content as a no-op).
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { AuditEntry, EventState, Result } from '../core/types.js';
import { ITEM_ID, type Ctx } from './context.js';
import type { CrashData } from './crashdata.js';
import { t } from './i18n.js';
import { Keyed, armedButton, button, command, field, randomId, time, toast, tr, trAttr, uid } from './ui.js';

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

export function resultForm(
  ctx: Ctx,
  data: CrashData,
): { el: HTMLElement; update(state: EventState): void; load(r: Result): void } {
  const entry = h('select', { attrs: { required: true } });
  const test = h('input', { attrs: { type: 'text', maxlength: 40, list: uid('tests'), autocomplete: 'off' } });
  const testList = h('datalist', { attrs: { id: test.getAttribute('list') ?? '' } });
  trAttr(test, 'placeholder', 'crash.testPlaceholder');
  const recent = h('div', { class: 'chips recent-tests' });
  const score = h('input', { attrs: { type: 'number', min: 0, max: 100, step: 0.01, inputmode: 'decimal' } });
  const starName = uid('stars');
  const starBox = h('div', { class: 'segmented stars', attrs: { role: 'radiogroup' } });
  const starRadios: HTMLInputElement[] = [];
  for (const v of ['', '0', '1', '2', '3', '4', '5']) {
    const radio = h('input', { attrs: { type: 'radio', name: starName, value: v, checked: v === '' } });
    starRadios.push(radio);
    starBox.append(h('label', { class: 'seg' }, radio, h('span', {}, v === '' ? '—' : `${v}★`)));
  }
  const metrics = h('input', { attrs: { type: 'text', autocomplete: 'off', dir: 'ltr' } });
  trAttr(metrics, 'placeholder', 'results.metricsPlaceholder');
  const idLine = h('div', { class: 'result-id muted small' });
  const submit = h('button', { attrs: { type: 'submit' } });
  const clear = button('results.clear', () => reset(), 'secondary');
  const form = h(
    'form',
    { class: 'card result-form', attrs: { novalidate: true } },
    h('h2', {}, tr('results.title')),
    h('div', { class: 'row' }, field('results.entry', entry), field('results.test', test, testList)),
    recent,
    h('div', { class: 'row' }, field('results.score', score), field('results.stars', starBox)),
    field('results.metrics', metrics),
    idLine,
    h('div', { class: 'row actions' }, submit, clear),
  );

  let id = randomId('r-');
  let sent: string | null = null;

  const starValue = (): number | undefined => {
    const v = starRadios.find((r) => r.checked)?.value ?? '';
    return v === '' ? undefined : Number(v);
  };
  const content = (): Content => {
    const c: Content = { entryId: entry.value, test: test.value.trim(), score: Number(score.value) };
    const s = starValue();
    if (s !== undefined) c.stars = s;
    const m = parseMetrics(metrics.value).metrics;
    if (m) c.metrics = m;
    return c;
  };

  /** The button says what a click will do: send, resend the same (a no-op), or amend. */
  function label(): void {
    const same = sent !== null && sent === JSON.stringify(content());
    submit.textContent = sent === null ? t('results.send') : same ? t('results.resend') : t('results.amend', { id });
    submit.className = sent !== null && !same ? 'warn' : '';
    fill(idLine, t(sent === null ? 'results.newId' : 'results.sentId', { id }));
  }
  for (const c of [entry, test, score, metrics, ...starRadios]) {
    c.addEventListener('input', label);
    c.addEventListener('change', label);
  }

  function reset(): void {
    id = randomId('r-');
    sent = null;
    score.value = '';
    metrics.value = '';
    for (const r of starRadios) r.checked = r.value === '';
    label();
    score.focus();
  }

  function pickTest(x: string): void {
    test.value = x;
    label();
    score.focus();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const problems: string[] = [];
    if (!entry.value) problems.push(t('results.needEntry'));
    if (!ITEM_ID.test(test.value.trim())) problems.push(t('results.needTest'));
    const value = Number(score.value);
    if (!/^\d+(\.\d{1,2})?$/.test(score.value) || !(value >= 0 && value <= 100)) problems.push(t('results.badScore'));
    problems.push(...parseMetrics(metrics.value).problems);
    if (problems.length > 0) {
      toast(t('results.notReady'), 'error', problems);
      return;
    }
    const body = content();
    const result = await command<Result>(ctx.live, 'crash:result', { id, ...body }, [submit, clear]);
    if (!result) return;
    sent = JSON.stringify(body);
    data.sent(result);
    const name = ctx.state()?.board.rows.find((r) => r.entryId === result.entryId)?.name ?? result.entryId;
    toast(t('results.saved', { entry: name, test: result.test, score: formatNumber(result.score), id: result.id }));
    label();
  }

  let sig = '';
  return {
    el: form,
    update(state: EventState): void {
      const tests = data.tests(state);
      const next = JSON.stringify([state.board.rows.map((r) => [r.entryId, r.name, r.brand]), tests]);
      if (next === sig) return;
      sig = next;
      const chosen = entry.value;
      const rows = [...state.board.rows].sort((a, b) => a.name.localeCompare(b.name));
      entry.replaceChildren(
        h('option', { attrs: { value: '' } }, '—'),
        ...rows.map((r) => h('option', { attrs: { value: r.entryId } }, `${r.name} · ${r.brand}`)),
      );
      entry.value = rows.some((r) => r.entryId === chosen) ? chosen : '';
      testList.replaceChildren(...tests.all.map((x) => h('option', { attrs: { value: x } })));
      fill(
        recent,
        ...tests.recent.map((x) =>
          h('button', { class: 'chip', attrs: { type: 'button' }, on: { click: () => pickTest(x) } }, x),
        ),
      );
      label();
    },
    load(r: Result): void {
      id = r.id;
      entry.value = r.entryId;
      test.value = r.test;
      score.value = String(r.score);
      metrics.value = metricsText(r.metrics);
      for (const radio of starRadios) radio.checked = radio.value === (r.stars === undefined ? '' : String(r.stars));
      sent = JSON.stringify(content());
      label();
      form.scrollIntoView({ block: 'nearest' });
      score.focus();
    },
  };
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

export function resultsList(
  ctx: Ctx,
  data: CrashData,
  onAmend: (r: Result) => void,
): { el: HTMLElement; update(state: EventState): void } {
  const filter = h('input', { attrs: { type: 'search' } });
  trAttr(filter, 'placeholder', 'results.filter');
  trAttr(filter, 'aria-label', 'results.filter');
  const list = h('div', { class: 'result-list' });
  const empty = h('p', { class: 'muted empty' });
  const open = new Set<string>();
  const nameOf = (entryId: string): string =>
    ctx.state()?.board.rows.find((r) => r.entryId === entryId)?.name ?? entryId;

  const rows = new Keyed<Result>(
    list,
    (r) => r.id,
    (r) => JSON.stringify([r, nameOf(r.entryId), data.trails.get(r.id)?.length ?? 0, open.has(r.id)]),
    (r) => {
      const trail = data.trails.get(r.id) ?? [];
      const last = trail[trail.length - 1];
      const toggle = button(
        open.has(r.id) ? 'results.hideTrail' : 'results.showTrail',
        () => {
          if (open.has(r.id)) open.delete(r.id);
          else open.add(r.id);
          render();
        },
        'secondary small',
        { n: trail.length },
      );
      toggle.setAttribute('aria-expanded', String(open.has(r.id)));
      const actions = h(
        'div',
        { class: 'row actions' },
        button('results.amendAction', () => onAmend(r), 'secondary small'),
        r.status === 'valid'
          ? armedButton(
              'results.void',
              'results.voidConfirm',
              async (b) => {
                const voided = await command<Result>(ctx.live, 'crash:void', { resultId: r.id }, [b]);
                if (voided) data.sent(voided);
              },
              'danger small',
            )
          : null,
        toggle,
      );
      return h(
        'article',
        { class: `result-row card result-${r.status}`, data: { resultId: r.id } },
        h(
          'div',
          { class: 'row' },
          h('strong', { class: 'grow', attrs: { dir: 'auto' } }, `${nameOf(r.entryId)} · ${r.test}`),
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
        actions,
        open.has(r.id)
          ? h('ol', { class: 'trail' }, ...(trail.length ? trail.map(trailLine) : [h('li', {}, t('results.noTrail'))]))
          : null,
      );
    },
  );

  function render(): void {
    const needle = filter.value.trim().toLowerCase();
    const shown = data
      .list()
      .filter((r) => !needle || `${r.id} ${r.entryId} ${nameOf(r.entryId)} ${r.test}`.toLowerCase().includes(needle));
    rows.update(shown.slice(0, 200));
    fill(empty, shown.length === 0 ? t(data.auditLoaded ? 'results.none' : 'results.loading') : null);
  }
  filter.addEventListener('input', render);
  data.onChange(render);

  const el = h(
    'div',
    { class: 'card results' },
    h('div', { class: 'row' }, h('h2', { class: 'grow' }, tr('results.listTitle')), filter),
    empty,
    list,
  );
  return { el, update: () => render() };
}
