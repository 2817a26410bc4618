// The KOC forum's featured question: the words, who asked (or anonymous), the KOC badge, the upvotes.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import { countryName } from '../core/names.js';
import type { EventState, Question } from '../core/types.js';
import { countTo } from './anim.js';
import { t } from './words.js';
import { lengthClass, pill, userText } from './view.js';

function author(q: Question): HTMLElement {
  const name = q.author.name ?? t('anonymous');
  const country = countryName(q.author.country);
  const initial = q.author.name ? [...q.author.name][0]?.toUpperCase() : '?';
  return h(
    'div',
    { class: 'asker' },
    h('span', { class: `avatar${q.author.name ? '' : ' anonymous'}`, attrs: { 'aria-hidden': 'true' } }, initial),
    h(
      'span',
      { class: 'asker-text' },
      userText('span', `asker-name${q.author.name ? '' : ' anonymous'}`, name),
      country ? h('span', { class: 'asker-country' }, country) : null,
    ),
    q.author.koc ? h('span', { class: 'koc-badge', attrs: { title: t('kocTitle') } }, t('koc')) : null,
  );
}

function upvoteArrow(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'upvote-icon');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 3 22 15h-6v6H8v-6H2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

export class QuestionScene extends View<EventState> {
  readonly el: HTMLElement;
  private readonly votes = h('span', { class: 'upvote-count' });
  private readonly next = h('ol', { class: 'up-next-list' });
  private readonly nextBox = h('aside', { class: 'up-next' }, h('h2', {}, t('upNext')), this.next);

  constructor(private readonly question: Question | null) {
    super();
    if (!question) {
      this.el = h(
        'section',
        { class: 'scene scene-question empty' },
        h('h1', { class: 'big-title' }, t('askTitle')),
        h('p', { class: 'big-sub' }, t('askBody')),
      );
      return;
    }
    const kicker = h(
      'div',
      { class: 'kicker' },
      pill(question.featured ? t('featured') : t('topQuestion'), question.featured ? 'warn' : 'accent'),
    );
    const text = userText('p', `question-text ${lengthClass(question.text, [90, 180])}`, question.text, question.lang);
    this.el = h(
      'section',
      { class: 'scene scene-question', data: { question: question.id } },
      h('header', { class: 'scene-head' }, kicker),
      h('blockquote', { class: 'question-card' }, text),
      h(
        'div',
        { class: 'question-meta' },
        author(question),
        h(
          'div',
          { class: 'upvotes', attrs: { title: t('upvotes') } },
          upvoteArrow(),
          this.votes,
          h('span', { class: 'upvote-label' }, t('upvotes')),
        ),
      ),
      this.nextBox,
    );
  }

  update(state: EventState): void {
    if (!this.question) return;
    const current = state.questions.find((q) => q.id === this.question?.id) ?? this.question;
    countTo(this.votes, current.upvotes);
    const others = state.questions.filter((q) => q.id !== current.id && q.status === 'approved').slice(0, 2);
    this.nextBox.classList.toggle('hidden', others.length === 0);
    fill(
      this.next,
      ...others.map((q) =>
        h(
          'li',
          {},
          userText('span', 'next-text', q.text, q.lang),
          h('span', { class: 'next-votes' }, `▲ ${formatNumber(q.upvotes)}`),
        ),
      ),
    );
  }
}
