// The poll scene: the question, then live results (bars, rating, word cloud, ranking by points,
// a wall of open answers) or, while results are held back, the number of voters; and "N people
// from M countries voted".
import { View } from '../core/component.js';
import { h, fill } from '../core/dom.js';
import { pickText, locale } from '../core/i18n.js';
import type { EventState, Poll, Tally } from '../core/types.js';
import { countTo } from './anim.js';
import { AnswersView } from './poll-answers.js';
import { BarsView } from './poll-bars.js';
import { RankingView } from './poll-ranking.js';
import { RatingView } from './poll-rating.js';
import { WordsView } from './poll-words.js';
import { resultsShown } from './choose.js';
import { compose, t } from './words.js';
import { fitInto, header, lengthClass, pill } from './view.js';

/** What the results of a poll are drawn from. */
export interface PollResults {
  poll: Poll;
  tally: Tally;
}

function emptyTally(poll: Poll): Tally {
  return { pollId: poll.id, version: 0, total: 0, counts: {}, byCountry: {} };
}

function resultsFor(poll: Poll): View<PollResults> {
  if (poll.kind === 'rating') return new RatingView(poll);
  if (poll.kind === 'wordcloud') return new WordsView();
  if (poll.kind === 'ranking') return new RankingView(poll);
  if (poll.kind === 'text') return new AnswersView();
  return new BarsView(poll);
}

/** While the results are held back: a big pulsing count of the voters. */
class WaitingView extends View<PollResults> {
  readonly el: HTMLElement;
  private readonly count = h('span', { class: 'waiting-count' });
  private readonly message = h('p', { class: 'waiting-message' });

  constructor() {
    super();
    this.el = h('div', { class: 'waiting' }, h('div', { class: 'waiting-ring' }, this.count), this.message);
  }

  update({ poll, tally }: PollResults): void {
    countTo(this.count, tally.total);
    this.message.textContent = poll.status === 'open' ? t('resultsLater') : t('thanks');
  }
}

export class PollScene extends View<EventState> {
  readonly el: HTMLElement;
  private readonly kicker = h('div', { class: 'kicker' });
  private readonly title = h('h1', { class: 'poll-question', attrs: { dir: 'auto' } });
  private readonly body = h('div', { class: 'poll-body' });
  private readonly foot = h('p', { class: 'poll-foot' });
  private readonly people = h('strong', { class: 'num' });
  private readonly countries = h('strong', { class: 'num' });
  private results: View<PollResults> | null = null;
  private waiting: WaitingView | null = null;
  private kickerKey = '';

  constructor(private readonly pollId: string) {
    super();
    this.el = h(
      'section',
      { class: 'scene scene-poll', data: { poll: pollId } },
      header(this.kicker, this.title),
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
    this.renderKicker(poll);
    const question = pickText(poll.question, locale());
    if (this.title.textContent !== question) {
      this.title.textContent = question;
      this.title.lang = poll.question[locale()] !== undefined ? locale() : 'en';
      this.title.className = `poll-question ${lengthClass(question, [60, 120])}`;
    }
    if (resultsShown(poll)) {
      if (!this.results) {
        this.results = resultsFor(poll);
        this.waiting = null;
        fill(this.body, this.results.el);
      }
      this.results.update({ poll, tally });
    } else {
      if (!this.waiting) {
        this.waiting = new WaitingView();
        this.results?.destroy();
        this.results = null;
        fill(this.body, this.waiting.el);
      }
      this.waiting.update({ poll, tally });
    }
    this.renderFoot(poll, tally);
    const shown = this.results ?? this.waiting;
    if (shown) fitInto(this.body, shown.el);
  }

  destroy(): void {
    this.results?.destroy();
  }

  private renderKicker(poll: Poll): void {
    const key = `${poll.status}:${poll.predicts ? 'p' : ''}`;
    if (key === this.kickerKey) return;
    this.kickerKey = key;
    fill(
      this.kicker,
      poll.status === 'open'
        ? h('span', { class: 'pill pill-live' }, h('i', { class: 'live-dot' }), t('voteNow'))
        : pill(t('finalResults'), 'done'),
      poll.predicts ? pill(t('prediction'), 'warn') : pill(t('livePoll'), 'accent'),
    );
  }

  private renderFoot(poll: Poll, tally: Tally): void {
    if (tally.total === 0 && poll.status === 'open') {
      this.foot.textContent = t('firstVote');
      return;
    }
    const countryCount = Object.values(tally.byCountry).filter((n) => n > 0).length;
    const people = h('span', { class: 'phrase' }, ...compose('people', { count: tally.total, n: this.people }));
    countTo(this.people, tally.total);
    if (countryCount === 0) {
      fill(this.foot, ...compose('voted', { count: tally.total, people }));
      return;
    }
    const countries = h(
      'span',
      { class: 'phrase' },
      ...compose('countries', { count: countryCount, n: this.countries }),
    );
    countTo(this.countries, countryCount);
    fill(this.foot, ...compose('votedFrom', { count: tally.total, people, countries }));
  }
}
