// The keynote tab: the open polls to vote in, then the earlier ones with their results.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { KeyedList } from '../core/keyed-list.js';
import type { EventState, Poll } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { t } from './words.js';
import { PollCard, type PollItem } from './poll.js';
import { show } from './ui.js';

/** Poll cards of the given polls, open ones first (newest first, as the server sends them). */
export class PollLists {
  readonly open: KeyedList<PollItem>;
  readonly closed: KeyedList<PollItem>;

  constructor(ctx: Ctx) {
    const create = (item: PollItem): PollCard => new PollCard(ctx, item);
    const key = (item: PollItem): string => item.poll.id;
    this.open = new KeyedList(h('div', { class: 'polls' }), key, create);
    this.closed = new KeyedList(h('div', { class: 'polls' }), key, create);
  }

  render(state: EventState, polls: Poll[]): void {
    const item = (poll: Poll): PollItem => ({ poll, vote: state.myVotes[poll.id] });
    // The latest opened on top; then the latest closed.
    const open = polls.filter((p) => p.status === 'open').sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    const closed = polls.filter((p) => p.status === 'closed').sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
    this.open.update(open.map(item));
    this.closed.update(closed.map(item));
  }
}

export class Keynote extends View<EventState> {
  readonly el: HTMLElement;
  private readonly lists: PollLists;
  private readonly empty: HTMLElement;
  private readonly earlier: HTMLElement;

  constructor(ctx: Ctx) {
    super();
    this.lists = new PollLists(ctx);
    this.empty = h(
      'div',
      { class: 'card empty' },
      h('p', { class: 'empty-title' }, t('noPollTitle')),
      h('p', { class: 'muted' }, t('noPollBody')),
    );
    this.earlier = h('h2', { class: 'section-title' }, t('earlierPolls'));
    this.el = h('div', { class: 'keynote' }, this.empty, this.lists.open.el, this.earlier, this.lists.closed.el);
  }

  update(state: EventState): void {
    this.lists.render(
      state,
      state.polls.filter((p) => !p.predicts),
    );
    show(this.empty, this.lists.open.size === 0);
    show(this.earlier, this.lists.closed.size > 0);
  }
}

/** Open polls the person has not voted in yet (a dot on the tab). */
export function unvoted(state: EventState, predictions: boolean): number {
  return state.polls.filter((p) => p.status === 'open' && !!p.predicts === predictions && !state.myVotes[p.id]).length;
}
