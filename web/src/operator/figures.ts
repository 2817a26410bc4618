// Live figures (ops:figures, once a second): people connected by role, nodes, votes per second,
// with a sparkline of the last minute.
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { Figures } from '../core/types.js';
import { t, type Key } from './i18n.js';
import { tr, trAttr } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const POINTS = 60;
const WIDTH = 120;
const HEIGHT = 28;

export function figuresStrip(): { el: HTMLElement; update(f: Figures): void } {
  const values = new Map<string, HTMLElement>();
  const item = (key: Key, name: string): HTMLElement => {
    const value = h('strong', {}, '–');
    values.set(name, value);
    return h('div', { class: 'figure', data: { figure: name } }, value, h('span', { class: 'muted' }, tr(key)));
  };
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('height', String(HEIGHT));
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('aria-hidden', 'true');
  const area = document.createElementNS(SVG, 'polygon');
  const line = document.createElementNS(SVG, 'polyline');
  area.setAttribute('class', 'spark-area');
  line.setAttribute('class', 'spark-line');
  svg.append(area, line);
  const peak = h('span', { class: 'muted spark-peak' });

  const votes = item('figures.votes', 'votes');
  const el = h(
    'div',
    { class: 'figures stale', attrs: { role: 'group' } },
    item('figures.audience', 'audience'),
    item('figures.operators', 'operator'),
    item('figures.screens', 'screen'),
    item('figures.nodes', 'nodes'),
    votes,
    h('div', { class: 'spark' }, svg, peak),
  );
  trAttr(el, 'aria-label', 'figures.title');
  const history: number[] = [];
  let staleTimer: ReturnType<typeof setTimeout> | null = null;

  return {
    el,
    update(f: Figures): void {
      el.classList.remove('stale');
      if (staleTimer) clearTimeout(staleTimer);
      // No figures for a few seconds: the numbers are old (offline, or the store is not answering).
      staleTimer = setTimeout(() => el.classList.add('stale'), 4000);
      const set = (name: string, n: number): void => fill(values.get(name) as HTMLElement, formatNumber(n));
      set('audience', f.connections.audience ?? 0);
      set('operator', f.connections.operator ?? 0);
      set('screen', f.connections.screen ?? 0);
      set('nodes', f.nodes);
      set('votes', Math.round(f.votesPerSecond * 10) / 10);
      history.push(f.votesPerSecond);
      if (history.length > POINTS) history.shift();
      const max = Math.max(1, ...history);
      const step = WIDTH / (POINTS - 1);
      const offset = (POINTS - history.length) * step;
      const pts = history.map(
        (v, i) => `${(offset + i * step).toFixed(1)},${(HEIGHT - 1 - (v / max) * (HEIGHT - 2)).toFixed(1)}`,
      );
      line.setAttribute('points', pts.join(' '));
      area.setAttribute(
        'points',
        history.length ? `${offset.toFixed(1)},${HEIGHT} ${pts.join(' ')} ${WIDTH},${HEIGHT}` : '',
      );
      peak.textContent = t('figures.peak', { n: formatNumber(Math.round(Math.max(...history) * 10) / 10) });
    },
  };
}
