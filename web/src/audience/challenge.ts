// The crash challenge tab: my points and rank, the predictions, the leaderboard, the top predictors.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { countryLabel, testName } from '../core/names.js';
import type { BoardRow, EventState, PredictorRow } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { t } from './words.js';
import { PollLists } from './keynote.js';
import { setText, show } from './ui.js';

function boardRow(row: BoardRow, tests: string[]): HTMLElement {
  const scores = tests
    .filter((test) => row.scores[test] !== undefined)
    .map((test) => `${testName(test)} ${formatNumber(row.scores[test] ?? 0)}`)
    .join(' · ');
  return h(
    'li',
    { class: 'rank-row', data: { rank: String(row.rank) } },
    h('span', { class: 'rank' }, formatNumber(row.rank)),
    h(
      'span',
      { class: 'who' },
      h(
        'span',
        { class: 'who-name' },
        h('bdi', {}, row.name),
        h('span', { class: 'muted' }, ' · ', h('bdi', {}, row.brand)),
      ),
      scores ? h('span', { class: 'muted small' }, scores) : null,
    ),
    h(
      'span',
      { class: 'total' },
      formatNumber(row.total),
      row.stars > 0
        ? h(
            'span',
            { class: 'stars small', attrs: { title: t('fiveStarTests', { n: row.stars }) } },
            `★×${formatNumber(row.stars)}`,
          )
        : null,
    ),
  );
}

function predictorRow(row: PredictorRow, me: string | undefined): HTMLElement {
  return h(
    'li',
    { class: row.id === me ? 'rank-row me' : 'rank-row', data: { rank: String(row.rank) } },
    h('span', { class: 'rank' }, formatNumber(row.rank)),
    h(
      'span',
      { class: 'who' },
      h(
        'span',
        { class: 'who-name' },
        h('bdi', {}, row.name ?? t('anonymous')),
        row.id === me ? h('span', { class: 'you' }, t('you')) : null,
      ),
      row.country ? h('span', { class: 'muted small' }, countryLabel(row.country)) : null,
    ),
    h('span', { class: 'total' }, t('points', { n: formatNumber(row.points) })),
  );
}

export class Challenge extends View<EventState> {
  readonly el: HTMLElement;
  private readonly points = h('strong', { class: 'big' });
  private readonly rank = h('strong', { class: 'big' });
  private readonly standingHint = h('p', { class: 'muted small' });
  private readonly lists: PollLists;
  private readonly noPredictions = h('p', { class: 'muted empty-line' }, t('noPredictions'));
  private readonly board = h('ol', { class: 'ranking' });
  private readonly frozen = h('span', { class: 'chip frozen hidden' }, t('frozen'));
  private readonly predictors = h('ol', { class: 'ranking' });
  private boardSig = '';
  private predictorsSig = '';

  constructor(ctx: Ctx) {
    super();
    this.lists = new PollLists(ctx);
    this.el = h(
      'div',
      { class: 'challenge' },
      h(
        'section',
        { class: 'card standing' },
        h('div', { class: 'stat' }, h('span', { class: 'muted small' }, t('myPoints')), this.points),
        h('div', { class: 'stat' }, h('span', { class: 'muted small' }, t('myRank')), this.rank),
        this.standingHint,
      ),
      h('h2', { class: 'section-title' }, t('predictionsTitle')),
      this.noPredictions,
      this.lists.open.el,
      this.lists.closed.el,
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', { class: 'section-title' }, t('boardTitle')), this.frozen),
        this.board,
      ),
      h('section', { class: 'card' }, h('h2', { class: 'section-title' }, t('predictorsTitle')), this.predictors),
    );
  }

  update(state: EventState): void {
    const me = state.me;
    const points = me?.points ?? 0;
    setText(this.points, formatNumber(points));
    setText(this.rank, me?.rank ? `#${formatNumber(me.rank)}` : '—');
    setText(this.standingHint, points > 0 ? t('standingHint') : t('standingEmpty'));

    const predictions = state.polls.filter((p) => !!p.predicts);
    this.lists.render(state, predictions);
    show(this.noPredictions, this.lists.open.size + this.lists.closed.size === 0);

    const board = state.board;
    const boardSig = JSON.stringify([board.version, board.frozen, board.rows, board.tests]);
    if (boardSig !== this.boardSig) {
      this.boardSig = boardSig;
      show(this.frozen, board.frozen);
      this.board.replaceChildren(...board.rows.map((row) => boardRow(row, board.tests)));
      if (!board.rows.length) this.board.append(h('li', { class: 'muted empty-line' }, t('noBoard')));
    }
    const predictorsSig = JSON.stringify([state.predictors, me?.id]);
    if (predictorsSig !== this.predictorsSig) {
      this.predictorsSig = predictorsSig;
      this.predictors.replaceChildren(...state.predictors.map((row) => predictorRow(row, me?.id)));
      if (!state.predictors.length) this.predictors.append(h('li', { class: 'muted empty-line' }, t('noPredictors')));
    }
  }
}
