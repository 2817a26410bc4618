// Word cloud results: the top words, sized by count. Words keep their place as they grow (a new
// word slots in at a place of its own), so the cloud breathes instead of reshuffling.
import { h } from '../core/dom.js';
import type { Poll, Tally } from '../core/types.js';
import { t } from './i18n.js';

const TOP = 40;
const MIN_REM = 2;
const COLOURS = 6;

function hash(text: string): number {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return x >>> 0;
}

export class WordsView {
  readonly el: HTMLElement;
  private readonly cloud = h('div', { class: 'cloud' });
  private readonly empty = h('p', { class: 'cloud-empty' }, t('noWords'));
  private readonly words = new Map<string, HTMLElement>();

  constructor() {
    this.el = h('div', { class: 'words' }, this.cloud, this.empty);
  }

  update(_poll: Poll, tally: Tally): void {
    const top = (tally.words ?? []).filter(([, n]) => n > 0).slice(0, TOP);
    this.empty.classList.toggle('hidden', top.length > 0);
    const wanted = new Set(top.map(([word]) => word));
    for (const [word, el] of this.words) {
      if (!wanted.has(word)) {
        el.remove();
        this.words.delete(word);
      }
    }
    const most = top[0]?.[1] ?? 1;
    const max = top.length <= 8 ? 10 : top.length <= 20 ? 8.5 : 6.5;
    // Shrink everything when the words would not fit: a rough area estimate, stable while fonts animate.
    let area = 0;
    const sizes = top.map(([word, n]) => {
      const size = MIN_REM + (max - MIN_REM) * Math.sqrt(n / most);
      area += size * size * 0.62 * Math.max(2, [...word].length) * 1.35;
      return size;
    });
    const box = this.cloud.getBoundingClientRect();
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const room = ((box.width * box.height) / (rem * rem)) * 0.55;
    if (room > 0) this.cloud.style.setProperty('--cloud-scale', (area > room ? Math.sqrt(room / area) : 1).toFixed(3));
    top.forEach(([word, n], i) => {
      let el = this.words.get(word);
      if (!el) {
        const code = hash(word);
        el = h('span', { class: `word c${code % COLOURS}`, attrs: { dir: 'auto' } }, word);
        const children = this.cloud.children;
        this.cloud.insertBefore(el, children[code % (children.length + 1)] ?? null);
        this.words.set(word, el);
      }
      el.style.setProperty('--size', (sizes[i] ?? MIN_REM).toFixed(2));
      el.classList.toggle('top', n === most);
      el.title = String(n);
    });
  }
}
