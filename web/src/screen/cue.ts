// Stage cues over whatever scene is up: an announcement as a band across the lower third, a
// countdown (to the cue's `until`, on the server's clock) or a reveal across the whole screen.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import type { Cue } from '../core/types.js';
import { formatClock } from './format.js';
import { userText } from './view.js';

/** How long a countdown's 0:00 stays up before the overlay goes. */
const AFTER_ZERO_MS = 5000;

export class CueOverlay extends View<{ cue: Cue | null; offset: number }> {
  readonly el = h('div', { class: 'cue-layer', attrs: { 'aria-live': 'polite' } });
  private cue: Cue | null = null;
  private clock: HTMLElement | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Server time minus local time, from the last snapshot. */
  private offset = 0;

  constructor(private readonly onFull: (full: boolean) => void) {
    super();
  }

  update({ cue, offset }: { cue: Cue | null; offset: number }): void {
    this.offset = offset;
    if (cue?.id === this.cue?.id && cue?.at === this.cue?.at) return;
    this.cue = cue;
    this.render();
  }

  private now(): number {
    return Date.now() + this.offset;
  }

  private render(): void {
    this.stop();
    const cue = this.cue;
    this.clock = null;
    if (!cue || cue.kind === 'clear') {
      this.hide();
      return;
    }
    const title = cue.title ? userText('h1', 'cue-title', cue.title) : null;
    const body = cue.body ? userText('p', 'cue-body', cue.body) : null;
    if (cue.kind === 'countdown' && cue.until !== undefined) {
      this.clock = h('div', { class: 'cue-clock', attrs: { dir: 'ltr' } });
      fill(this.el, h('div', { class: 'cue cue-countdown' }, title, this.clock, body));
    } else {
      fill(this.el, h('div', { class: `cue cue-${cue.kind}` }, title, body));
    }
    this.el.dataset.kind = cue.kind;
    this.el.classList.add('on');
    this.onFull(cue.kind !== 'announcement');
    this.tick();
    if (cue.until !== undefined) this.timer = setInterval(() => this.tick(), 250);
  }

  private tick(): void {
    const cue = this.cue;
    if (!cue) return;
    const left = cue.until !== undefined ? cue.until - this.now() : null;
    if (this.clock) {
      this.clock.textContent = formatClock(left ?? 0);
      this.clock.classList.toggle('ending', left !== null && left <= 10_000);
    }
    const expired = left !== null && left < (cue.kind === 'countdown' ? -AFTER_ZERO_MS : 0);
    if (expired) {
      this.stop();
      this.hide();
    }
  }

  private hide(): void {
    this.el.classList.remove('on');
    this.el.replaceChildren();
    delete this.el.dataset.kind;
    this.onFull(false);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  override destroy(): void {
    this.stop();
  }
}
