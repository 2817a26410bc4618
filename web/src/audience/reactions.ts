// The reactions bar: the fixed emoji set, sent one tap at a time, and light floating feedback.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import type { Burst } from '../core/live.js';
import { REACTIONS } from '../../../src/stage/stage.types.js';
import type { Reaction } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { t } from './words.js';
import { showError } from './ui.js';

/** At most this many emojis float at once, however busy the hall is. */
const MAX_FLOATING = 24;
/** One tap per this many ms from one phone: enough to feel live, never a flood. */
const TAP_GAP_MS = 150;

export class Reactions extends View<Burst> {
  readonly el: HTMLElement;
  private readonly layer: HTMLElement;
  private lastTap = 0;
  private lastError = 0;
  visible = true;

  constructor(private readonly ctx: Ctx) {
    super();
    this.layer = h('div', { class: 'floats', attrs: { 'aria-hidden': 'true' } });
    const buttons = REACTIONS.map((emoji) =>
      h(
        'button',
        {
          class: 'react',
          attrs: { type: 'button', 'aria-label': t('react', { emoji }) },
          on: { click: () => void this.send(emoji) },
        },
        emoji,
      ),
    );
    this.el = h(
      'div',
      { class: 'reactions', attrs: { role: 'toolbar', 'aria-label': t('reactions') } },
      this.layer,
      ...buttons,
    );
  }

  private async send(emoji: Reaction): Promise<void> {
    const now = Date.now();
    if (now - this.lastTap < TAP_GAP_MS) return;
    this.lastTap = now;
    this.float(emoji, true);
    const ack = await this.ctx.live.send('reaction:send', { emoji });
    // One toast for a run of failed taps, not one per tap.
    if (!ack.ok && Date.now() - this.lastError > 4000) {
      this.lastError = Date.now();
      showError(ack.error);
    }
  }

  /** What the hall sent during the last window: a few floating emojis, never one per reaction. */
  update(burst: Burst): void {
    if (!this.visible || document.hidden) return;
    const entries = Object.entries(burst.counts).filter(([, n]) => n > 0);
    let budget = 10;
    for (const [emoji, n] of entries) {
      const count = Math.min(n, 4, budget);
      budget -= count;
      for (let i = 0; i < count; i++) setTimeout(() => this.float(emoji, false), Math.random() * burst.windowMs);
    }
  }

  private float(emoji: string, mine: boolean): void {
    if (this.layer.childElementCount >= MAX_FLOATING) return;
    const el = h(
      'span',
      {
        class: mine ? 'float mine' : 'float',
        style: {
          'inset-inline-start': `${(5 + Math.random() * 85).toFixed(1)}%`,
          '--drift': `${(Math.random() * 40 - 20).toFixed(0)}px`,
        },
      },
      emoji,
    );
    el.addEventListener('animationend', () => el.remove());
    // Without animations (reduced motion) the end event may never come.
    setTimeout(() => el.remove(), 3000);
    this.layer.append(el);
  }
}
