// The report's charts, drawn by Chart.js (only the parts used are registered, so the bundle stays
// small). Every chart is a figure: a caption, a canvas with role="img" and a summary in words for
// screen readers, and the same data as a table under a disclosure that works by keyboard. Series
// differ by point shape and dash as well as by colour, so colour is never the only cue.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type PointStyle,
} from 'chart.js';
import { h } from '../core/dom.js';
import { formatNumber, locale } from '../core/i18n.js';
import { intlTag, listOf, t } from './words.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

const FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans SC', 'Noto Sans Arabic', sans-serif";
Chart.defaults.font.family = FONT;
Chart.defaults.color = '#1d2433';
Chart.defaults.borderColor = '#d5dbe5';

/** Okabe–Ito: told apart by people with any common colour vision deficiency, and in greyscale by dash. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#000000'];
const POINTS: PointStyle[] = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'cross'];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 4], [12, 6]];
/** The width charts are drawn at for an A4 page (210 mm less the margins, at 96 px an inch). */
const PRINT_WIDTH = 680;
const LABEL_MAX = 42;

export interface Series {
  label: string;
  values: number[];
}

export interface ChartSpec {
  /** Names the chart for tests and styles (`data-chart`). */
  id: string;
  title: string;
  kind: 'line' | 'bar';
  /** The categories: minutes, countries, options, words... */
  labels: string[];
  series: Series[];
  /** The table's first column header. */
  labelHead: string;
  /** More columns of the table (a share, firsts...), one value per label. */
  extra?: { head: string; values: string[] }[];
  /** Bars along the inline axis, one row per label (long labels read better). */
  horizontal?: boolean;
  /** The summary read by screen readers; built from the data when absent. */
  summary?: string;
  /** The caption only for screen readers (the heading above says the same). */
  quietCaption?: boolean;
}

const live = new Set<Chart>();

/** Every chart of the page, for the print sizing and for a language change (they are rebuilt). */
export function destroyCharts(): void {
  for (const chart of live) chart.destroy();
  live.clear();
}

export function chartCount(): number {
  return live.size;
}

function short(label: string): string {
  return [...label].length > LABEL_MAX ? `${[...label].slice(0, LABEL_MAX - 1).join('')}…` : label;
}

/** A summary in words: the span and each series' highest point (lines), or each bar's value. */
export function summarise(spec: ChartSpec): string {
  if (spec.labels.length === 0) return t('chart.empty', { title: spec.title });
  if (spec.kind === 'line') {
    const peaks = spec.series.map((s) => {
      let at = 0;
      s.values.forEach((v, i) => {
        if (v > (s.values[at] ?? 0)) at = i;
      });
      return t('chart.peak', { series: s.label, n: formatNumber(s.values[at] ?? 0), time: spec.labels[at] ?? '' });
    });
    const span = t('chart.span', { title: spec.title, from: spec.labels[0] ?? '', to: spec.labels.at(-1) ?? '' });
    return `${span} ${peaks.join('; ')}.`;
  }
  const first = spec.series[0]?.values ?? [];
  const items = spec.labels.map((label, i) => t('chart.item', { label, n: formatNumber(first[i] ?? 0) }));
  return t('chart.items', { title: spec.title, items: listOf(items) });
}

function table(spec: ChartSpec): HTMLTableElement {
  const head = h(
    'tr',
    {},
    h('th', { attrs: { scope: 'col' } }, spec.labelHead),
    ...spec.series.map((s) => h('th', { attrs: { scope: 'col' } }, s.label)),
    ...(spec.extra ?? []).map((x) => h('th', { attrs: { scope: 'col' } }, x.head)),
  );
  const rows = spec.labels.map((label, i) =>
    h(
      'tr',
      {},
      h('th', { attrs: { scope: 'row' } }, label),
      ...spec.series.map((s) => h('td', { class: 'num' }, formatNumber(s.values[i] ?? 0))),
      ...(spec.extra ?? []).map((x) => h('td', { class: 'num' }, x.values[i] ?? '')),
    ),
  );
  return h('table', { class: 'data' }, h('caption', {}, spec.title), h('thead', {}, head), h('tbody', {}, ...rows));
}

/**
 * The labels drawn: a bar's value (and its share) beside its name, so the chart reads on paper,
 * where no tooltip opens.
 */
function drawnLabels(spec: ChartSpec): string[] {
  const values = spec.series[0]?.values ?? [];
  if (spec.kind !== 'bar' || spec.series.length !== 1) return spec.labels.map(short);
  const share = spec.extra?.[0];
  return spec.labels.map((label, i) => {
    const n = formatNumber(values[i] ?? 0);
    const more = share?.values[i];
    return `${short(label)} · ${more ? `${n} (${more})` : n}`;
  });
}

function config(spec: ChartSpec): ChartConfiguration<'line' | 'bar'> {
  const rtl = locale() === 'ar';
  const horizontal = spec.horizontal === true;
  const many = spec.series.length > 1;
  const datasets = spec.series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? '#0072b2';
    return spec.kind === 'line'
      ? {
          label: s.label,
          data: s.values,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: 2,
          borderDash: DASHES[i % DASHES.length] ?? [],
          pointStyle: POINTS[i % POINTS.length] ?? 'circle',
          pointRadius: spec.labels.length > 60 ? 2 : spec.labels.length < 3 ? 6 : 3,
          pointHoverRadius: 5,
          tension: 0,
        }
      : {
          label: s.label,
          data: s.values,
          backgroundColor: colour,
          borderColor: colour,
          borderWidth: 1,
          maxBarThickness: 28,
        };
  });
  const value = { beginAtZero: true, ticks: { precision: 0 } };
  // A short event (a minute or two) puts its points mid-axis rather than on the edge.
  const category = { offset: spec.kind === 'bar' || spec.labels.length < 3, ticks: { autoSkip: true, maxRotation: 0 } };
  return {
    type: spec.kind,
    data: { labels: drawnLabels(spec), datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: intlTag(),
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: {
          display: many,
          position: 'bottom',
          rtl,
          textDirection: rtl ? 'rtl' : 'ltr',
          labels: { usePointStyle: true, boxWidth: 10, padding: 14 },
        },
        tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr', usePointStyle: true },
      },
      scales: horizontal
        ? { x: { ...value, reverse: rtl }, y: { ...category, position: rtl ? 'right' : 'left' } }
        : {
            x: { ...category, reverse: rtl },
            y: { ...value, position: rtl ? 'right' : 'left' },
          },
    },
  };
}

/**
 * A chart as a figure, and a function that draws it once the figure is in the page (Chart.js
 * measures its box).
 */
export function chartFigure(spec: ChartSpec): { el: HTMLElement; draw: () => void } {
  const summary = spec.summary ?? summarise(spec);
  const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': summary } }, summary);
  const rows = spec.horizontal ? spec.labels.length : 0;
  const height = spec.horizontal ? Math.max(120, rows * 30 + 50) : spec.kind === 'bar' ? 240 : 300;
  const box = h('div', { class: 'chart-box', style: { height: `${height}px` } }, canvas);
  const el = h(
    'figure',
    { class: 'chart', data: { chart: spec.id } },
    h('figcaption', { class: spec.quietCaption ? 'visually-hidden' : '' }, spec.title),
    box,
    h('details', { class: 'chart-data' }, h('summary', {}, t('chart.table')), table(spec)),
  );
  const draw = (): void => {
    live.add(new Chart(canvas, config(spec)));
  };
  return { el, draw };
}

// Printing: Chart.js sizes a chart to its box on screen; print it at the page's width, then back.
window.addEventListener('beforeprint', () => {
  for (const chart of live) chart.resize(PRINT_WIDTH, chart.canvas.parentElement?.clientHeight ?? 300);
});
window.addEventListener('afterprint', () => {
  for (const chart of live) chart.resize();
});
