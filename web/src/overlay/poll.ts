// The poll scene of the overlay: the question, its live results drawn by the big screen's own
// views (bars, ranking points, the rating's mean), a word cloud's or open answers' words as a
// short list, and how many voted from how many countries. Results held back: the count only.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, locale, pickText, tParts } from '../core/i18n.js';
import type { EventState, Poll, Tally } from '../core/types.js';
import { countTo } from '../screen/anim.js';
import { resultsShown } from '../screen/choose.js';
import { BarsView } from '../screen/poll-bars.js';
import { RankingView } from '../screen/poll-ranking.js';
import { RatingView } from '../screen/poll-rating.js';
import type { PollResults } from '../screen/poll.js';
import { fitInto } from '../screen/view.js';
import { ot } from './text.js';
import { WordList } from './words.js';

function emptyTally(poll: Poll): Tally {
  return { pollId: poll.id, version: 0, total: 0, counts: {}, byCountry: {} };
}

function resultsFor(poll: Poll): View<PollResults> {
  if (poll.kind === 'rating') return new RatingView(poll);
  if (poll.kind === 'wordcloud') return new WordList(false);
  if (poll.kind === 'text') return new WordList(true);
  if (poll.kind === 'ranking') return new RankingView(poll);
  return new BarsView(poll);
}

/** "12 votes" with the number in a span of its own (it counts up as votes come in). */
function counted(key: 'votes' | 'countries', n: number, num: HTMLElement): (Node | string)[] {
  return tParts(`overlay.${key}`, { count: n, n: num }).filter((part) => part !== '');
}

export class OverlayPoll extends View<EventState> {
  readonly el: HTMLElement;
  private readonly kicker = h('div', { class: 'ov-kicker' });
  private readonly title = h('h1', { class: 'ov-title', attrs: { dir: 'auto' } });
  private readonly body = h('div', { class: 'ov-poll-body' });
  private readonly foot = h('p', { class: 'ov-foot' });
  private readonly votes = h('strong', { class: 'ov-num ov-votes' });
  private readonly countries = h('strong', { class: 'ov-num ov-countries' });
  private results: View<PollResults> | null = null;
  private kickerKey = '';

  constructor(private readonly pollId: string) {
    super();
    this.el = h(
      'section',
      { class: 'ov-card ov-poll', data: { poll: pollId } },
      h('header', { class: 'ov-head' }, this.kicker, this.title),
      this.body,
      this.foot,
    );
  }

  update(state: EventState): void {
    const poll = state.polls.find((p) => p.id === this.pollId);
    if (!poll) return;
    const tally = poll.tally ?? emptyTally(poll);
    this.el.dataset.kind = poll.kind;
    this.el.dataset.status = poll.status;
    this.el.dataset.total = String(tally.total);
    this.renderKicker(poll);
    const question = pickText(poll.question, locale());
    if (this.title.textContent !== question) {
      this.title.textContent = question;
      this.title.lang = poll.question[locale()] !== undefined ? locale() : 'en';
      this.title.classList.toggle('long', [...question].length > 80);
    }
    if (resultsShown(poll)) {
      if (!this.results) {
        this.results = resultsFor(poll);
        fill(this.body, this.results.el);
      }
      this.results.update({ poll, tally });
      fitInto(this.body, this.results.el);
    } else if (this.results || this.body.childElementCount === 0) {
      this.results?.destroy();
      this.results = null;
      fill(this.body, h('p', { class: 'ov-empty-line' }, ot('resultsSoon')));
    }
    this.renderFoot(tally);
  }

  destroy(): void {
    this.results?.destroy();
  }

  private renderKicker(poll: Poll): void {
    const key = poll.status;
    if (key === this.kickerKey) return;
    this.kickerKey = key;
    fill(
      this.kicker,
      poll.status === 'open'
        ? h(
            'span',
            { class: 'ov-pill live' },
            h('i', { class: 'ov-dot', attrs: { 'aria-hidden': 'true' } }),
            ot('voteNow'),
          )
        : h('span', { class: 'ov-pill done' }, ot('finalResults')),
      h('span', { class: 'ov-pill' }, ot('poll')),
    );
  }

  private renderFoot(tally: Tally): void {
    const countryCount = Object.values(tally.byCountry).filter((n) => n > 0).length;
    const parts: (Node | string)[] = [h('span', { class: 'ov-phrase' }, ...counted('votes', tally.total, this.votes))];
    if (countryCount > 0)
      parts.push(' · ', h('span', { class: 'ov-phrase' }, ...counted('countries', countryCount, this.countries)));
    fill(this.foot, ...parts);
    countTo(this.votes, tally.total, formatNumber);
    countTo(this.countries, countryCount, formatNumber);
  }
}
