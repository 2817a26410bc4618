// The stage cue as a banner: an announcement or reveal (title, body), or a countdown to `until`.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { Cue } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { t } from './words.js';
import { setText, show } from './ui.js';

function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${formatNumber(hours)}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

export class CueBanner extends View<Cue | null> {
  readonly el: HTMLElement;
  private readonly title = h('strong', { class: 'cue-title', attrs: { dir: 'auto' } });
  private readonly body = h('p', { class: 'cue-body', attrs: { dir: 'auto' } });
  private readonly time = h('div', { class: 'cue-clock', attrs: { 'aria-live': 'off' } });
  private cue: Cue | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ctx: Ctx) {
    super();
    this.el = h(
      'section',
      { class: 'cue hidden', attrs: { role: 'status', 'aria-live': 'polite' } },
      h('div', { class: 'cue-text' }, this.title, this.body),
      this.time,
    );
  }

  update(cue: Cue | null): void {
    this.cue = cue;
    this.draw();
    const ticking = !!this.cue?.until;
    if (ticking && !this.timer) this.timer = setInterval(() => this.draw(), 1000);
    if (!ticking && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private draw(): void {
    const cue = this.cue;
    const now = Date.now() + this.ctx.clockOffset();
    const expired = !!cue && cue.kind !== 'countdown' && cue.until !== undefined && cue.until <= now;
    if (!cue || cue.kind === 'clear' || expired) {
      show(this.el, false);
      return;
    }
    show(this.el, true);
    this.el.dataset.kind = cue.kind;
    const title = cue.title ?? (cue.kind === 'countdown' ? t('countdown') : cue.kind === 'reveal' ? t('reveal') : '');
    setText(this.title, title);
    show(this.title, title !== '');
    setText(this.body, cue.body ?? '');
    show(this.body, !!cue.body);
    if (cue.kind === 'countdown' && cue.until !== undefined) {
      const left = cue.until - now;
      setText(this.time, left > 0 ? clock(left) : t('countdownDone'));
      this.time.dir = left > 0 ? 'ltr' : 'auto';
      show(this.time, true);
    } else {
      show(this.time, false);
    }
  }

  override destroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
