// Word cloud results: the top words, sized by count. Words keep their place as they grow (a new
// word slots in at a place of its own), so the cloud breathes instead of reshuffling.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { KeyedList } from '../core/keyed-list.js';
import { t } from './words.js';
import type { PollResults } from './poll.js';

const TOP = 40;
const MIN_REM = 2;
const COLOURS = 6;

function hash(text: string): number {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return x >>> 0;
}

interface WordItem {
  word: string;
  count: number;
  size: number;
  top: boolean;
}

class WordView extends View<WordItem> {
  readonly el: HTMLElement;

  constructor(word: string) {
    super();
    this.el = h('span', { class: `word c${hash(word) % COLOURS}`, attrs: { dir: 'auto' } }, word);
  }

  update({ count, size, top }: WordItem): void {
    this.el.style.setProperty('--size', size.toFixed(2));
    this.el.classList.toggle('top', top);
    this.el.title = String(count);
  }
}

/** A new word slots in at a place of its own (from its hash); the words already there never move. */
function slotIn(cloud: HTMLElement, els: HTMLElement[]): void {
  const staying = new Set<Element>(els);
  for (const el of els) {
    if (el.parentNode === cloud) continue;
    const children = Array.from(cloud.children).filter((child) => staying.has(child));
    cloud.insertBefore(el, children[hash(el.textContent ?? '') % (children.length + 1)] ?? null);
  }
}

export class WordsView extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly cloud = h('div', { class: 'cloud' });
  private readonly empty = h('p', { class: 'cloud-empty' }, t('noWords'));
  private readonly words = new KeyedList<WordItem>(
    this.cloud,
    (w) => w.word,
    (w) => new WordView(w.word),
    slotIn,
  );

  constructor() {
    super();
    this.el = h('div', { class: 'words' }, this.cloud, this.empty);
  }

  update({ tally }: PollResults): void {
    const top = (tally.words ?? []).filter(([, n]) => n > 0).slice(0, TOP);
    this.empty.classList.toggle('hidden', top.length > 0);
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
    this.words.update(top.map(([word, count], i) => ({ word, count, size: sizes[i] ?? MIN_REM, top: count === most })));
  }
}
