// Building blocks of the report: a section with its heading, figures (a label and a number), and
// plain tables. What a section builds is its element and the charts to draw once it is in the page.
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { chartFigure, type ChartSpec } from './charts.js';
import { t, type Key } from './words.js';

export type Child = Node | string | null | undefined | false;

export interface Built {
  el: HTMLElement;
  draws: (() => void)[];
}

/** A section of the report: a heading (linked from the contents) and a page of its own in print. */
export function section(id: string, title: Key, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'report-section', attrs: { id: `s-${id}`, 'aria-labelledby': `h-${id}` }, data: { section: id } },
    h('h2', { attrs: { id: `h-${id}` } }, t(title)),
    ...children,
  );
}

/** One headline figure: its name, its number and an optional note. */
export function figure(id: string, label: string, value: string, note: string | null = null): HTMLElement {
  return h(
    'div',
    { class: 'figure', data: { figure: id } },
    h('dt', {}, label),
    h('dd', {}, h('span', { class: 'figure-value' }, value), note ? h('span', { class: 'figure-note' }, note) : null),
  );
}

/** A row of figures (a description list, read as name and value). */
export function figures(...items: HTMLElement[]): HTMLElement {
  return h('dl', { class: 'figures' }, ...items);
}

export function count(n: number): string {
  return formatNumber(n);
}

/** A table with a caption, column headers, and rows whose first cell heads the row. */
export function dataTable(
  id: string,
  caption: string,
  heads: string[],
  rows: (string | Node)[][],
  numeric: number[] = [],
): HTMLTableElement {
  return h(
    'table',
    { class: 'data board', data: { table: id } },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', { attrs: { scope: 'col' } }, x)))),
    h(
      'tbody',
      {},
      ...rows.map((cells) =>
        h(
          'tr',
          {},
          ...cells.map((cell, i) =>
            i === 0
              ? h('th', { attrs: { scope: 'row' }, class: numeric.includes(0) ? 'num' : '' }, cell)
              : h('td', { class: numeric.includes(i) ? 'num' : '' }, cell),
          ),
        ),
      ),
    ),
  );
}

/** A note in place of something with no data. */
export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

/** Adds a chart's figure to `into`, and its drawing to `draws`. */
export function chart(spec: ChartSpec, draws: (() => void)[]): HTMLElement {
  const built = chartFigure(spec);
  draws.push(built.draw);
  return built.el;
}
