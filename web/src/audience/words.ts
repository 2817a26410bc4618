// The audience app's words: its keys (`audience.*`, shared `common.*`) in the message catalogs.
import { formatNumber, scoped, type Keys } from '../core/i18n.js';

export type Key = Keys<'audience'>;
export type KindKey = Keys<'audience.kinds'>;
export type QuizKey = Keys<'audience.quiz'>;

/** A word of the audience app in the interface language, placeholders filled. */
export const t = scoped('audience');
/** A word of the ranking and text polls. */
export const tk = scoped('audience.kinds');
/** A word of the quiz card. */
export const qt = scoped('audience.quiz');

/** A counted phrase ("1 vote", "12 votes") by the language's plural rules. */
export function plural(base: 'votes' | 'countries', n: number): string {
  return t(base, { count: n, n: formatNumber(n) });
}

/** "12 characters left", by the language's plural rules. */
export function charsLeft(n: number): string {
  return tk('left', { count: n, n: formatNumber(n) });
}
