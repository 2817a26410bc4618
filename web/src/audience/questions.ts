// One forum question: who asked (or anonymous), the KOC badge, featured, the answer, the upvote toggle.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, locale } from '../core/i18n.js';
import { countryLabel } from '../core/names.js';
import type { Question } from '../core/types.js';
import { t } from './words.js';
import { setText, show } from './ui.js';

export function kocBadge(): HTMLElement {
  return h('span', { class: 'koc', attrs: { title: t('kocTitle') } }, t('koc'));
}

/** "Ana · 🇪🇸 Spain · KOC": the author line of a question. */
function authorLine(q: Question): HTMLElement {
  const country = q.author.country;
  return h(
    'span',
    { class: 'q-author' },
    h('bdi', { class: q.author.name ? 'q-name' : 'q-name muted' }, q.author.name ?? t('anonymous')),
    country ? h('span', { class: 'q-country muted' }, countryLabel(country)) : null,
    q.author.koc ? kocBadge() : null,
  );
}

/** The question's own language when it is not the reader's (a hint, not a translation). */
function langTag(q: Question): HTMLElement | null {
  const lang = q.lang?.split('-')[0];
  if (!lang || lang === locale()) return null;
  return h('span', { class: 'lang-tag', attrs: { lang } }, lang.toUpperCase());
}

export interface QuestionItem {
  question: Question;
  upvoted: boolean;
  busy: boolean;
}

export class QuestionView extends View<QuestionItem> {
  readonly el: HTMLElement;
  private readonly meta = h('div', { class: 'q-meta' });
  private readonly text = h('p', { class: 'q-text', attrs: { dir: 'auto' } });
  private readonly answer = h('div', { class: 'q-answer' });
  private readonly vote: HTMLButtonElement;
  private readonly count = h('span', { class: 'q-count' });
  private sig = '';
  private item: QuestionItem;

  constructor(item: QuestionItem, toggle: (q: Question, upvoted: boolean) => void) {
    super();
    this.item = item;
    this.vote = h(
      'button',
      {
        class: 'upvote secondary',
        attrs: { type: 'button', 'aria-pressed': 'false' },
        on: { click: () => toggle(this.item.question, this.item.upvoted) },
      },
      h('span', { class: 'arrow', attrs: { 'aria-hidden': 'true' } }, '▲'),
      this.count,
    );
    this.el = h(
      'article',
      { class: 'card question' },
      h('div', { class: 'q-main' }, this.meta, this.text, this.answer),
      this.vote,
    );
  }

  update(item: QuestionItem): void {
    this.item = item;
    const q = item.question;
    const sig = JSON.stringify([q.text, q.author, q.status, q.featured, q.answer, q.lang, locale()]);
    if (sig !== this.sig) {
      this.sig = sig;
      this.el.classList.toggle('featured', q.featured);
      this.el.dataset.status = q.status;
      this.meta.replaceChildren(
        ...[
          q.featured ? h('span', { class: 'chip featured' }, `★ ${t('featured')}`) : null,
          q.status === 'answered' ? h('span', { class: 'chip answered' }, t('answered')) : null,
          authorLine(q),
          langTag(q),
        ].filter((n): n is HTMLElement => n !== null),
      );
      setText(this.text, q.text);
      this.text.lang = q.lang ?? '';
      this.answer.replaceChildren();
      if (q.answer)
        this.answer.append(
          h('span', { class: 'q-answer-label' }, t('answer')),
          h('p', { attrs: { dir: 'auto' } }, q.answer),
        );
      else if (q.status === 'answered') this.answer.append(h('span', { class: 'muted small' }, t('answeredOnStage')));
      show(this.answer, q.status === 'answered');
    }
    setText(this.count, formatNumber(q.upvotes));
    this.vote.setAttribute('aria-pressed', String(item.upvoted));
    this.vote.setAttribute('aria-label', t(item.upvoted ? 'unvoteLabel' : 'upvoteLabel', { n: q.upvotes }));
    // aria-disabled, not disabled: the focus stays on the button pressed while the vote is sent.
    this.vote.setAttribute('aria-disabled', String(item.busy));
  }
}

const STATUS_KEY = {
  pending: 'statusPending',
  approved: 'statusApproved',
  answered: 'statusAnswered',
  rejected: 'statusRejected',
} as const;

/** One of my own questions, whatever its status. */
export class MyQuestionView extends View<Question> {
  readonly el = h('li', { class: 'mine' });
  private sig = '';

  update(q: Question): void {
    const sig = JSON.stringify([q.text, q.status, q.answer, q.mergedInto, q.upvotes, locale()]);
    if (sig === this.sig) return;
    this.sig = sig;
    this.el.dataset.status = q.mergedInto ? 'merged' : q.status;
    const status = q.mergedInto ? t('statusMerged') : t(STATUS_KEY[q.status]);
    fill(
      this.el,
      h(
        'div',
        { class: 'mine-head' },
        h('span', { class: 'chip', data: { status: q.status } }, status),
        q.status === 'approved' || q.status === 'answered'
          ? h('span', { class: 'muted small' }, `▲ ${formatNumber(q.upvotes)}`)
          : null,
      ),
      h('p', { class: 'q-text', attrs: { lang: q.lang ?? false, dir: 'auto' } }, q.text),
      q.answer
        ? h(
            'div',
            { class: 'q-answer' },
            h('span', { class: 'q-answer-label' }, t('answer')),
            h('p', { attrs: { dir: 'auto' } }, q.answer),
          )
        : null,
    );
  }
}
