// The reaction meter: emoji float up the side of the screen, and a level rises with the rate of
// reactions and sinks back when the hall calms down. Fed by the bursts of `onBurst`.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import type { Burst } from '../core/live.js';
import { t } from './words.js';

/** Reactions per second that fill the meter (a log scale: a few already show). */
const FULL_RATE = 80;
const RISE_MS = 150;
const DECAY_MS = 1200;
const MAX_FLOATING = 80;
const PER_BURST = 14;

export class ReactionMeter extends View<Burst> {
  readonly el: HTMLElement;
  private readonly sky = h('div', { class: 'reaction-sky', attrs: { 'aria-hidden': 'true' } });
  private readonly fill = h('span', { class: 'meter-fill' });
  private readonly top = h('span', { class: 'meter-emoji', attrs: { 'aria-hidden': 'true' } });
  private level = 0;
  private target = 0;
  private frame = 0;
  private last = 0;
  private recent = new Map<string, number>();

  constructor() {
    super();
    this.el = h(
      'div',
      {
        class: 'reactions idle',
        // A meter has a value even while the hall is quiet (aria-valuenow is required).
        attrs: {
          role: 'meter',
          'aria-label': t('reactions'),
          'aria-valuemin': 0,
          'aria-valuemax': 100,
          'aria-valuenow': 0,
        },
      },
      this.sky,
      h('div', { class: 'meter' }, h('span', { class: 'meter-track' }, this.fill), this.top),
    );
  }

  update(burst: Burst): void {
    const entries = Object.entries(burst.counts).filter(([, n]) => n > 0);
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    if (total === 0) return;
    const rate = (total / Math.max(burst.windowMs, 100)) * 1000;
    this.target = Math.max(this.target, Math.min(1, Math.log1p(rate) / Math.log1p(FULL_RATE)));
    // The emoji of the moment: recent bursts count more than older ones.
    for (const [emoji, n] of this.recent) this.recent.set(emoji, n * 0.6);
    for (const [emoji, n] of entries) this.recent.set(emoji, (this.recent.get(emoji) ?? 0) + n);
    this.showTop();
    if (!document.hidden) this.spawn(entries, total, burst.windowMs);
    this.run();
  }

  private showTop(): void {
    let best = '';
    let most = 0;
    for (const [emoji, n] of this.recent) {
      if (n > most) {
        best = emoji;
        most = n;
      }
    }
    this.top.textContent = best;
  }

  private spawn(entries: [string, number][], total: number, windowMs: number): void {
    let room = Math.min(PER_BURST, MAX_FLOATING - this.sky.childElementCount);
    for (const [emoji, n] of entries.sort((a, b) => b[1] - a[1])) {
      const k = Math.min(room, Math.max(1, Math.round((n / total) * Math.min(PER_BURST, total))));
      for (let i = 0; i < k; i++) this.float(emoji, Math.random() * Math.min(windowMs, 1000));
      room -= k;
      if (room <= 0) break;
    }
  }

  private float(emoji: string, delay: number): void {
    const duration = 2600 + Math.random() * 1600;
    const el = h(
      'span',
      {
        class: 'float-emoji',
        style: {
          '--x': `${Math.round(Math.random() * 100)}%`,
          '--drift': `${(Math.random() * 6 - 3).toFixed(2)}rem`,
          '--size': `${(2.4 + Math.random() * 1.8).toFixed(2)}rem`,
          '--dur': `${Math.round(duration)}ms`,
          '--delay': `${Math.round(delay)}ms`,
        },
      },
      emoji,
    );
    const done = (): void => el.remove();
    el.addEventListener('animationend', done, { once: true });
    setTimeout(done, duration + delay + 500);
    this.sky.append(el);
  }

  /** The level: rises quickly towards the target, the target decays; one animation loop while moving. */
  private run(): void {
    if (this.frame) return;
    this.last = performance.now();
    const step = (now: number): void => {
      const dt = Math.min(100, now - this.last);
      this.last = now;
      this.target *= Math.pow(0.5, dt / DECAY_MS);
      this.level += (this.target - this.level) * (1 - Math.pow(0.5, dt / RISE_MS));
      this.fill.style.transform = `scaleY(${this.level.toFixed(4)})`;
      this.el.setAttribute('aria-valuenow', String(Math.round(this.level * 100)));
      this.el.classList.toggle('idle', this.level < 0.02);
      this.el.classList.toggle('hot', this.level > 0.7);
      if (this.level < 0.002 && this.target < 0.002) {
        this.frame = 0;
        this.level = 0;
        this.target = 0;
        this.recent.clear();
        this.fill.style.transform = 'scaleY(0)';
        this.el.setAttribute('aria-valuenow', '0');
        return;
      }
      this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  override destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
