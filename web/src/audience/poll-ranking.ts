// A ranking poll on a phone: the options as an ordered list, reordered by dragging a handle
// (pointer events: mouse, pen and touch alike) or by the move up / move down buttons (keyboard
// and screen readers), each move announced; the top maxRank places are the vote. Below, the
// person's own ranking and, when shown, the results as ranked bars with points.
import { h, onSubmit } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import { inOrder } from '../core/keyed-list.js';
import type { Poll, Tally, Vote } from '../core/types.js';
import { tk } from './words.js';
import { setText, show } from './ui.js';

type RankingRow = NonNullable<Tally['ranking']>[number];

/** Orders being arranged: kept when the page is redrawn (a new language, a reconnect). */
const drafts = new Map<string, string[]>();

interface Item {
  li: HTMLLIElement;
  grip: HTMLElement;
  pos: HTMLElement;
  label: HTMLElement;
  out: HTMLElement;
  up: HTMLButtonElement;
  down: HTMLButtonElement;
}

interface Drag {
  id: string;
  li: HTMLElement;
  grip: HTMLElement;
  pointerId: number;
  /** Where the item was grabbed, from its top edge. */
  grabY: number;
}

interface ResultRow {
  li: HTMLElement;
  pos: HTMLElement;
  label: HTMLElement;
  fill: HTMLElement;
  points: HTMLElement;
}

/** How many places count: maxRank, or every option. */
export function placesOf(poll: Poll): number {
  const n = poll.options.length;
  return poll.maxRank && poll.maxRank > 0 ? Math.min(poll.maxRank, n) : n;
}

/** The person's ranking first, then the options it leaves out, in the poll's order. */
function orderFrom(poll: Poll, ranking: string[] | undefined): string[] {
  const ids = poll.options.map((o) => o.id);
  const first = (ranking ?? []).filter((id) => ids.includes(id));
  return [...first, ...ids.filter((id) => !first.includes(id))];
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => b[i] === id);
}

export class RankingPart {
  /** The list to arrange and the send button (shown while the poll is open). */
  readonly form: HTMLFormElement;
  /** The person's ranking as sent. */
  readonly yours: HTMLElement;
  /** Ranked bars with points (shown when the results are). */
  readonly results: HTMLElement;
  private readonly list = h('ol', { class: 'rank-list' });
  private readonly hint = h('p', { class: 'muted small rank-how' });
  private readonly live = h('p', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly submit = h('button', { class: 'send', attrs: { type: 'submit' } });
  private readonly yoursList = h('ol', { class: 'my-ranking-list' });
  private readonly yoursTitle = h('h4', { class: 'my-ranking-title' });
  private readonly resultList = h('ol', { class: 'rank-results' });
  private readonly items = new Map<string, Item>();
  private readonly resultRows = new Map<string, ResultRow>();
  private poll: Poll;
  private vote: Vote | undefined;
  private enabled = false;
  private drag: Drag | null = null;

  constructor(
    poll: Poll,
    private readonly onSend: (ranking: string[]) => void,
  ) {
    this.poll = poll;
    for (const option of poll.options) this.items.set(option.id, this.item(option.id));
    this.form = h(
      'form',
      { class: 'rank-form', on: { submit: onSubmit(() => this.send()) } },
      this.hint,
      this.list,
      this.live,
      this.submit,
    );
    this.yours = h('div', { class: 'my-ranking' }, this.yoursTitle, this.yoursList);
    this.results = h('div', { class: 'rank-results-box' }, this.resultList);
  }

  private item(id: string): Item {
    const up = h('button', {
      class: 'rank-move rank-up',
      attrs: { type: 'button' },
      on: { click: () => this.move(id, -1) },
    });
    const down = h('button', {
      class: 'rank-move rank-down',
      attrs: { type: 'button' },
      on: { click: () => this.move(id, 1) },
    });
    up.append(h('span', { attrs: { 'aria-hidden': 'true' } }, '▲'));
    down.append(h('span', { attrs: { 'aria-hidden': 'true' } }, '▼'));
    const grip = h('span', {
      class: 'rank-grip',
      attrs: { 'aria-hidden': 'true' },
      on: { pointerdown: (e) => this.grab(e, id) },
    });
    grip.textContent = '⠿';
    const item: Item = {
      li: h('li', { class: 'rank-item', data: { option: id } }),
      grip,
      pos: h('span', { class: 'rank-pos' }),
      label: h('bdi', { class: 'rank-label' }),
      out: h('span', { class: 'visually-hidden' }),
      up,
      down,
    };
    item.li.append(item.pos, grip, item.label, item.out, h('span', { class: 'rank-moves' }, up, down));
    return item;
  }

  private label(id: string): string {
    const option = this.poll.options.find((o) => o.id === id);
    return option ? pickText(option.label) : id;
  }

  /** The order on the phone: the one being arranged, else the person's vote, else the poll's. */
  private order(): string[] {
    return drafts.get(this.poll.id) ?? orderFrom(this.poll, this.vote?.ranking);
  }

  /** What a send would vote: the places that count. */
  private ranking(): string[] {
    return this.order().slice(0, placesOf(this.poll));
  }

  private move(id: string, delta: number): void {
    if (!this.enabled || this.drag) return;
    const order = [...this.order()];
    const from = order.indexOf(id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, id);
    drafts.set(this.poll.id, order);
    const focused = document.activeElement;
    this.arrange();
    // Moving an element drops its focus: keep the keyboard on the button just pressed.
    if (focused instanceof HTMLElement && focused !== document.activeElement) focused.focus();
    this.announce(id);
    this.draw();
  }

  private announce(id: string): void {
    const order = this.order();
    const place = order.indexOf(id) + 1;
    const vars = { item: this.label(id), place: formatNumber(place), n: formatNumber(order.length) };
    this.live.textContent = tk(place > placesOf(this.poll) ? 'movedOut' : 'movedTo', vars);
  }

  // ---- dragging ---------------------------------------------------------------------------------

  private grab(e: PointerEvent, id: string): void {
    const item = this.items.get(id);
    if (!this.enabled || this.drag || !item || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    const grip = e.currentTarget as HTMLElement;
    grip.setPointerCapture(e.pointerId);
    this.drag = {
      id,
      li: item.li,
      grip,
      pointerId: e.pointerId,
      grabY: e.clientY - item.li.getBoundingClientRect().top,
    };
    item.li.classList.add('dragging');
    this.list.classList.add('sorting');
    grip.addEventListener('pointermove', this.dragMove);
    grip.addEventListener('pointerup', this.dragEnd);
    grip.addEventListener('pointercancel', this.dragEnd);
  }

  /** The dragged item follows the pointer; its neighbours step past it (only they move in the DOM, so the capture holds). */
  private readonly dragMove = (e: PointerEvent): void => {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    const li = drag.li;
    li.style.transform = '';
    const middle = (el: Element): number => {
      const r = el.getBoundingClientRect();
      return r.top + r.height / 2;
    };
    const centre = e.clientY - drag.grabY + li.offsetHeight / 2;
    for (let guard = 0; guard < this.items.size; guard++) {
      const prev = li.previousElementSibling;
      const next = li.nextElementSibling;
      if (prev && centre < middle(prev)) this.list.insertBefore(prev, li.nextSibling);
      else if (next && centre > middle(next)) this.list.insertBefore(next, li);
      else break;
    }
    const top = li.getBoundingClientRect().top;
    li.style.transform = `translateY(${Math.round(e.clientY - drag.grabY - top)}px)`;
    this.drawPlaces(this.domOrder());
  };

  private readonly dragEnd = (e: PointerEvent): void => {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    this.drag = null;
    const { grip, li } = drag;
    grip.removeEventListener('pointermove', this.dragMove);
    grip.removeEventListener('pointerup', this.dragEnd);
    grip.removeEventListener('pointercancel', this.dragEnd);
    if (grip.hasPointerCapture(e.pointerId)) grip.releasePointerCapture(e.pointerId);
    li.style.transform = '';
    li.classList.remove('dragging');
    this.list.classList.remove('sorting');
    const order = this.domOrder();
    if (!same(order, this.order())) {
      drafts.set(this.poll.id, order);
      this.announce(drag.id);
    }
    this.draw();
  };

  private domOrder(): string[] {
    return Array.from(this.list.children, (el) => (el as HTMLElement).dataset.option ?? '');
  }

  // ---- sending and drawing ----------------------------------------------------------------------

  private send(): void {
    if (!this.enabled || this.drag) return;
    const ranking = this.ranking();
    if (this.vote?.ranking && same(ranking, this.vote.ranking)) return;
    this.onSend(ranking);
  }

  /** The vote went in: the draft is the vote now. */
  sent(): void {
    drafts.delete(this.poll.id);
  }

  private arrange(): void {
    const order = this.order();
    inOrder(
      this.list,
      order.map((id) => this.items.get(id)?.li).filter((li): li is HTMLLIElement => !!li),
    );
  }

  update(poll: Poll, vote: Vote | undefined, open: boolean, busy: boolean): void {
    this.poll = poll;
    this.vote = vote;
    this.enabled = open && !busy;
    if (!open) drafts.delete(poll.id);
    this.draw();
  }

  private draw(): void {
    setText(this.hint, tk('rankHow'));
    if (!this.drag) this.arrange();
    this.drawPlaces(this.drag ? this.domOrder() : this.order());
    const held = this.vote?.ranking;
    setText(this.submit, held ? tk('updateRanking') : tk('sendRanking'));
    // aria-disabled, not disabled: a keyboard that just sent stays on the button.
    this.submit.setAttribute('aria-disabled', String(!this.enabled || (!!held && same(this.ranking(), held))));
    this.list.classList.toggle('locked', !this.enabled);
    this.drawYours();
  }

  /** Place numbers, the line below the places that count, the buttons' names and states. */
  private drawPlaces(order: string[]): void {
    const places = placesOf(this.poll);
    order.forEach((id, i) => {
      const item = this.items.get(id);
      if (!item) return;
      const counted = i < places;
      const label = this.label(id);
      setText(item.pos, counted ? formatNumber(i + 1) : '–');
      setText(item.out, counted ? '' : tk('notCounted'));
      item.li.classList.toggle('out', !counted);
      item.li.classList.toggle('cut', i === places && i > 0);
      if (i === places) item.li.dataset.cut = tk('cutLine');
      else delete item.li.dataset.cut;
      setText(item.label, label);
      item.grip.title = tk('dragTitle');
      item.up.setAttribute('aria-label', tk('moveUp', { item: label }));
      item.down.setAttribute('aria-label', tk('moveDown', { item: label }));
      // aria-disabled, not disabled: the button keeps the focus when its item reaches an end.
      item.up.setAttribute('aria-disabled', String(i === 0));
      item.down.setAttribute('aria-disabled', String(i === order.length - 1));
      item.up.disabled = !this.enabled;
      item.down.disabled = !this.enabled;
    });
  }

  private drawYours(): void {
    const ranking = this.vote?.ranking ?? [];
    show(this.yours, ranking.length > 0);
    setText(this.yoursTitle, tk('yourRanking'));
    const labels = ranking.map((id) => this.label(id));
    const sig = JSON.stringify(labels);
    if (this.yoursList.dataset.sig === sig) return;
    this.yoursList.dataset.sig = sig;
    this.yoursList.replaceChildren(...labels.map((label) => h('li', {}, h('bdi', {}, label))));
  }

  /** Ranked bars: every option by points (as the tally orders them), a bar against the top. */
  drawResults(tally: Tally | undefined): void {
    const rows: RankingRow[] = tally?.ranking ?? [];
    show(this.results, rows.length > 0);
    this.resultList.setAttribute('aria-label', tk('rankResults'));
    const top = Math.max(1, ...rows.map((r) => r.points));
    const els: HTMLElement[] = [];
    let place = 0;
    let prevPoints = -1;
    rows.forEach((row, i) => {
      let r = this.resultRows.get(row.optionId);
      if (!r) {
        r = this.resultRow();
        this.resultRows.set(row.optionId, r);
      }
      // Equal points, equal place.
      if (row.points !== prevPoints) place = i + 1;
      prevPoints = row.points;
      r.li.dataset.option = row.optionId;
      setText(r.pos, formatNumber(place));
      setText(r.label, this.label(row.optionId));
      setText(r.points, tk('pointsN', { n: formatNumber(row.points) }));
      r.fill.style.width = `${Math.round((row.points / top) * 1000) / 10}%`;
      r.li.classList.toggle('lead', place === 1 && row.points > 0);
      els.push(r.li);
    });
    inOrder(this.resultList, els);
    for (const [id, r] of this.resultRows) {
      if (rows.some((row) => row.optionId === id)) continue;
      r.li.remove();
      this.resultRows.delete(id);
    }
  }

  private resultRow(): ResultRow {
    const fill = h('span');
    const row: ResultRow = {
      li: h('li', { class: 'rank-result' }),
      pos: h('span', { class: 'rank-pos' }),
      label: h('bdi', { class: 'rank-label option-label' }),
      fill,
      points: h('span', { class: 'rank-points' }),
    };
    row.li.append(
      h('span', { class: 'option-top' }, row.pos, row.label, row.points),
      h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, fill),
    );
    return row;
  }
}
