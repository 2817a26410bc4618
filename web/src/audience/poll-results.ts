// The read-only parts of a poll card: its words, the word list, the results' totals, a prediction's outcome.
import { h } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import type { Poll, Tally, Vote } from '../core/types.js';
import { plural, t } from './words.js';
import { tk } from './words.js';
import { placesOf } from './poll-ranking.js';
import { percent, setText, show } from './ui.js';

/** Word cloud answers, most frequent first, sized by how often they were given. */
export function renderWords(list: HTMLElement, words: [string, number][]): void {
  const signature = JSON.stringify(words);
  if (list.dataset.sig === signature) return;
  list.dataset.sig = signature;
  const top = words[0]?.[1] ?? 1;
  list.replaceChildren(
    ...words.map(([word, count]) => {
      const size = 0.9 + 0.9 * (count / top);
      return h(
        'li',
        { style: { 'font-size': `${size.toFixed(2)}rem` } },
        h('bdi', { class: 'word' }, word),
        h('span', { class: 'word-count' }, formatNumber(count)),
      );
    }),
  );
  if (!words.length) list.append(h('li', { class: 'muted small' }, t('noWordsYet')));
}

/** A prediction, once the crash-test result settled it: was the person's guess right? */
export function renderOutcome(el: HTMLElement, poll: Poll, vote: Vote | undefined): void {
  if (!poll.predicts || poll.status === 'draft') {
    show(el, false);
    return;
  }
  let text = '';
  let kind = 'waiting';
  if (poll.correct !== undefined) {
    const mine = vote?.optionIds ?? [];
    if (poll.correct.length === 0) {
      text = t('noValidResult');
      kind = 'none';
    } else if (!mine.length) {
      text = t('didNotPredict');
      kind = 'none';
    } else if (mine.some((id) => poll.correct?.includes(id))) {
      text = t('predictionRight');
      kind = 'right';
    } else {
      text = t('predictionWrong');
      kind = 'wrong';
    }
  } else if (poll.status === 'closed') {
    text = t('awaitingResult');
  }
  el.dataset.outcome = kind;
  setText(el, text);
  show(el, text !== '');
}

/** The chip at the top of the card: open or closed, poll or prediction. */
export function chipText(poll: Poll): string {
  const open = poll.status === 'open';
  if (poll.predicts) return open ? t('predictionOpen') : t('predictionClosed');
  return open ? t('open') : t('closed');
}

/** How to answer, by kind. */
export function hintText(poll: Poll): string {
  switch (poll.kind) {
    case 'single':
      return t('chooseOne');
    case 'multi':
      return t('chooseUpTo', { n: formatNumber(poll.maxChoices ?? poll.options.length) });
    case 'rating':
      return t('rateFrom', { min: formatNumber(poll.scale?.min ?? 1), max: formatNumber(poll.scale?.max ?? 5) });
    case 'ranking': {
      const places = placesOf(poll);
      return places < poll.options.length ? tk('rankTop', { n: formatNumber(places) }) : tk('rankAll');
    }
    case 'text':
      return tk('textHint');
    default:
      return t('wordHint');
  }
}

/** "12 votes · 5 countries voted", or why there are no results to see. */
export function totalsText(poll: Poll): string {
  const tally = poll.tally;
  if (!tally) return poll.results === 'hidden' ? t('resultsHidden') : t('resultsLater');
  const countries = Object.values(tally.byCountry).filter((n) => n > 0).length;
  const parts = [plural('votes', tally.total)];
  if (countries > 0) parts.push(plural('countries', countries));
  return parts.join(' · ');
}

/**
 * The results in one sentence for a screen reader (spoken politely, a few seconds apart): the
 * leading option and its share, or the average, then the totals.
 */
export function resultsSpoken(poll: Poll): string {
  const tally = poll.tally;
  if (!tally || tally.total === 0) return '';
  const totals = totalsText(poll);
  if (poll.kind === 'rating' && tally.mean !== undefined)
    return `${t('average', { mean: formatNumber(tally.mean), max: formatNumber(poll.scale?.max ?? 5) })} · ${totals}`;
  if (poll.kind === 'single' || poll.kind === 'multi') {
    const [id, n] = Object.entries(tally.counts).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const option = poll.options.find((o) => o.id === id);
    if (option && n > 0) return `${pickText(option.label)} ${formatNumber(percent(n, tally.total))}% · ${totals}`;
  }
  return totals;
}

/** The person's own vote in words: sending, in and changeable, counted; and whether voting closed. */
export function mineText(poll: Poll, vote: Vote | undefined, sending: boolean): string {
  const open = poll.status === 'open';
  let text = '';
  if (sending) text = t('sending');
  else if (poll.kind === 'wordcloud' && vote?.text) text = t('yourAnswer', { text: `\u2068${vote.text}\u2069` });
  else if (poll.kind === 'text' && vote?.text) text = answerText(poll, vote.text);
  else if (poll.kind === 'ranking' && vote) text = open ? tk('rankingIn') : tk('rankingCounted');
  else if (vote && open) text = t('voteIn');
  else if (vote) text = t('voteCounted');
  if (!open && !poll.predicts) text = [text, t('pollClosed')].filter(Boolean).join(' ');
  return text;
}

/** Is the person's answer among the approved ones this phone sees? */
export function answerShown(tally: Tally | undefined, text: string | undefined): boolean {
  const mine = text?.trim();
  return !!mine && !!tally?.answers?.some((a) => a.text.trim() === mine && (a.status ?? 'approved') === 'approved');
}

/** "Your answer: “…”", whether it waits for a moderator or shows, and that it can be replaced. */
function answerText(poll: Poll, answer: string): string {
  const parts = [tk('yourAnswer', { text: `\u2068${answer}\u2069` })];
  if (answerShown(poll.tally, answer)) parts.push(tk('answerShown'));
  else if (poll.moderated) parts.push(tk('answerWaits'));
  if (poll.status === 'open') parts.push(tk('answerIn'));
  return parts.join(' ');
}
