// Live figures (ops:figures, once a second): people connected by role, nodes, votes per second,
// with a sparkline of the last minute.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { Figures } from '../core/types.js';
import { t, type Key } from './words.js';
import { tr, trAttr } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const POINTS = 60;
const WIDTH = 120;
const HEIGHT = 28;

export class FiguresStrip extends View<Figures> {
  readonly el: HTMLElement;
  private readonly values = new Map<string, HTMLElement>();
  private readonly area = document.createElementNS(SVG, 'polygon');
  private readonly line = document.createElementNS(SVG, 'polyline');
  private readonly peak = h('span', { class: 'muted spark-peak' });
  /** Votes per second, the last minute. */
  private readonly history: number[] = [];
  private staleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('width', String(WIDTH));
    svg.setAttribute('height', String(HEIGHT));
    svg.setAttribute('class', 'sparkline');
    svg.setAttribute('aria-hidden', 'true');
    this.area.setAttribute('class', 'spark-area');
    this.line.setAttribute('class', 'spark-line');
    svg.append(this.area, this.line);
    const votes = this.item('figures.votes', 'votes');
    this.el = h(
      'div',
      { class: 'figures stale', attrs: { role: 'group' } },
      this.item('figures.audience', 'audience'),
      this.item('figures.operators', 'operator'),
      this.item('figures.screens', 'screen'),
      this.item('figures.nodes', 'nodes'),
      votes,
      h('div', { class: 'spark' }, svg, this.peak),
    );
    trAttr(this.el, 'aria-label', 'figures.title');
  }

  private item(key: Key, name: string): HTMLElement {
    const value = h('strong', {}, '–');
    this.values.set(name, value);
    return h('div', { class: 'figure', data: { figure: name } }, value, h('span', { class: 'muted' }, tr(key)));
  }

  update(f: Figures): void {
    this.el.classList.remove('stale');
    if (this.staleTimer) clearTimeout(this.staleTimer);
    // No figures for a few seconds: the numbers are old (offline, or the store is not answering).
    this.staleTimer = setTimeout(() => this.el.classList.add('stale'), 4000);
    const set = (name: string, n: number): void => fill(this.values.get(name) as HTMLElement, formatNumber(n));
    set('audience', f.connections.audience ?? 0);
    set('operator', f.connections.operator ?? 0);
    set('screen', f.connections.screen ?? 0);
    set('nodes', f.nodes);
    set('votes', Math.round(f.votesPerSecond * 10) / 10);
    this.spark(f.votesPerSecond);
  }

  /** The sparkline of the last minute, scaled to its peak. */
  private spark(votesPerSecond: number): void {
    const history = this.history;
    history.push(votesPerSecond);
    if (history.length > POINTS) history.shift();
    const max = Math.max(1, ...history);
    const step = WIDTH / (POINTS - 1);
    const offset = (POINTS - history.length) * step;
    const pts = history.map(
      (v, i) => `${(offset + i * step).toFixed(1)},${(HEIGHT - 1 - (v / max) * (HEIGHT - 2)).toFixed(1)}`,
    );
    this.line.setAttribute('points', pts.join(' '));
    this.area.setAttribute(
      'points',
      history.length ? `${offset.toFixed(1)},${HEIGHT} ${pts.join(' ')} ${WIDTH},${HEIGHT}` : '',
    );
    this.peak.textContent = t('figures.peak', { n: formatNumber(Math.round(Math.max(...history) * 10) / 10) });
  }
}
