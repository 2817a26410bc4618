// The answers of an open-text poll, to check: waiting ones first (newest first within each
// status), each with Approve / Reject (poll:moderate-answer), and the counts by status.
import { Announcer } from '../core/announcer.js';
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { redrawnList, type KeyedList } from '../core/keyed-list.js';
import { countryLabel } from '../core/names.js';
import type { Poll, Tally } from '../core/types.js';
import type { Ctx } from './context.js';
import { tp } from './kinds-words.js';
import { command, time } from './ui.js';

type TextAnswer = NonNullable<Tally['answers']>[number];
type Status = TextAnswer['status'];
type Action = 'approve' | 'reject';

const ORDER: Record<Status, number> = { pending: 0, approved: 1, rejected: 2 };
/** How many answers a tally carries at most (PROTOCOL section 9). */
const NEWEST = 50;

/** Text set only when it changed: a live region then speaks only of real changes. */
function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A short form of an answer for a button's accessible name. */
function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export class ModerationView extends View<Poll> {
  readonly el: HTMLElement;
  private readonly counts = h('p', { class: 'muted small mod-counts' });
  /** The counts as a screen reader hears them: answers pouring in are read a few seconds apart. */
  private readonly spoken = new Announcer();
  private readonly empty = h('p', { class: 'muted small' });
  private readonly title = h('h4', { class: 'mod-title' });
  private readonly rows: KeyedList<TextAnswer>;
  private poll: Poll | null = null;
  /** Answers whose command is on its way: their buttons wait. */
  private readonly busy = new Set<string>();

  constructor(private readonly ctx: Ctx) {
    super();
    this.rows = redrawnList(
      h('ul', { class: 'mod-list' }),
      (a) => a.id,
      (a) => JSON.stringify([a.status, a.text, a.country, this.busy.has(a.id)]),
      (a) => this.row(a),
    );
    this.el = h('section', { class: 'moderation' }, this.title, this.counts, this.spoken.el, this.empty, this.rows.el);
  }

  private row(a: TextAnswer): HTMLElement {
    const act = (action: Action, label: string, aria: string, cls: string): HTMLButtonElement =>
      h(
        'button',
        {
          class: `${cls} small`,
          attrs: { type: 'button', 'aria-label': aria, disabled: this.busy.has(a.id) },
          on: { click: () => void this.moderate(a, action) },
        },
        label,
      );
    return h(
      'li',
      { class: `mod-row mod-${a.status}`, data: { answerId: a.id, status: a.status } },
      h('div', { class: 'mod-text', attrs: { dir: 'auto' } }, a.text),
      h(
        'div',
        { class: 'mod-meta row' },
        h('span', { class: `chip mod-chip mod-chip-${a.status}` }, tp(`mod.${a.status}`)),
        h(
          'span',
          { class: 'muted small grow' },
          [a.country ? countryLabel(a.country) : null, time(a.at)].filter(Boolean).join(' · '),
        ),
        a.status !== 'approved'
          ? act('approve', tp('mod.approve'), tp('mod.approveAria', { text: short(a.text) }), '')
          : null,
        a.status !== 'rejected'
          ? act('reject', tp('mod.reject'), tp('mod.rejectAria', { text: short(a.text) }), 'danger')
          : null,
      ),
    );
  }

  private async moderate(a: TextAnswer, action: Action): Promise<void> {
    const poll = this.poll;
    if (!poll || this.busy.has(a.id)) return;
    this.busy.add(a.id);
    this.draw();
    const done = await command(this.ctx.live, 'poll:moderate-answer', { pollId: poll.id, answerId: a.id, action });
    this.busy.delete(a.id);
    if (done) {
      // The ack is the answer as stored: show it at once (the next tally says the same).
      const held = this.ctx.state()?.polls.find((p) => p.id === poll.id)?.tally?.answers;
      const at = held?.findIndex((x) => x.id === done.id) ?? -1;
      if (held && at >= 0) held[at] = { ...held[at], ...done };
    }
    this.draw();
    // The button pressed is gone with its row's old state: keep the keyboard in the list.
    if (!this.el.contains(document.activeElement)) this.focusNext();
  }

  private focusNext(): void {
    const next = this.rows.el.querySelector<HTMLButtonElement>('.mod-pending button:not([disabled])');
    next?.focus();
  }

  private answers(): TextAnswer[] {
    const current = this.poll ? this.ctx.state()?.polls.find((p) => p.id === this.poll?.id) : undefined;
    return [...(current?.tally?.answers ?? this.poll?.tally?.answers ?? [])];
  }

  update(poll: Poll): void {
    this.poll = poll;
    this.draw();
  }

  private draw(): void {
    const answers = this.answers().sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.at - a.at);
    const n: Record<Status, number> = { pending: 0, approved: 0, rejected: 0 };
    for (const a of answers) n[a.status] += 1;
    setText(this.title, tp('mod.title'));
    const counts = tp('mod.counts', {
      pending: formatNumber(n.pending),
      approved: formatNumber(n.approved),
      rejected: formatNumber(n.rejected),
    });
    // The server sends the newest answers only: say so when the list may be cut.
    setText(this.counts, answers.length >= NEWEST ? `${counts} (${tp('mod.newest', { n: NEWEST })})` : counts);
    this.spoken.say(counts);
    setText(this.empty, answers.length === 0 ? tp('mod.none') : '');
    this.rows.update(answers);
  }
}
