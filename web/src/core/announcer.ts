// What a screen reader hears of numbers that move: a polite live region that speaks at most once
// every few seconds, its latest value. A tally ticking four times a second would otherwise be read
// out as a queue of stale numbers, and nothing else on the page could be heard.
import { h } from './dom.js';

/** The shortest time between two announcements of one region. */
export const ANNOUNCE_EVERY_MS = 5000;

export class Announcer {
  /** Visually hidden; put it in the part whose numbers it speaks of. */
  readonly el = h('p', { class: 'visually-hidden', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
  private last = 0;
  private next: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly everyMs = ANNOUNCE_EVERY_MS) {}

  /** Says `text` now if the region has been quiet long enough, else once it has (only the latest). */
  say(text: string): void {
    this.next = text;
    if (this.timer) return;
    const wait = this.last + this.everyMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sets what the region holds without announcing a change (a part drawn for the first time). */
  quiet(text: string): void {
    this.next = null;
    this.el.textContent = text;
  }

  private flush(): void {
    this.timer = undefined;
    const text = this.next;
    this.next = null;
    if (text === null || text === this.el.textContent) return;
    this.el.textContent = text;
    this.last = Date.now();
  }

  destroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
