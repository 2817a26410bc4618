// The big screen's words: its keys (`screen.*`, shared `common.*`) in the message catalogs.
import { scoped, tParts, hasKey, type Keys } from '../core/i18n.js';

export type Key = Keys<'screen'>;
export type QuizKey = Keys<'screen.quiz'>;

export const t = scoped('screen');
/** A word of the ranking and text polls on the big screen. */
export const tk = scoped('screen.kinds');
/** A word of the quiz scene. */
export const qt = scoped('screen.quiz');

/**
 * A phrase with placeholders filled by nodes (a styled number, a name): the words stay in the
 * catalog's order for every language, and nothing is parsed as HTML.
 */
export function compose(key: Key, parts: Record<string, Node | string | number>): (Node | string)[] {
  return tParts(hasKey(`screen.${key}`) ? `screen.${key}` : `common.${key}`, parts);
}
