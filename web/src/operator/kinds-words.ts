// The console's words for ranking and open-text polls (`operator.kinds.*`), and labels built once
// that follow the language like ui.ts's `tr`.
import { onLocale, scoped, type Keys } from '../core/i18n.js';
import type { Poll } from '../core/types.js';
import { t, type Key as MainKey } from './words.js';

export type Key = Keys<'operator.kinds'>;

/** A word of the ranking and text polls in the console's language, placeholders filled. */
export const tp = scoped('operator.kinds');

const labels: { node: Text; key: Key }[] = [];
const attrs: { el: Element; attr: string; key: Key }[] = [];
onLocale(() => {
  for (const l of labels) l.node.textContent = tp(l.key);
  for (const a of attrs) a.el.setAttribute(a.attr, tp(a.key));
});

/** A text node that follows the language (for parts built once, such as the composer). */
export function trp(key: Key): Text {
  const node = document.createTextNode(tp(key));
  labels.push({ node, key });
  return node;
}

/** An attribute (placeholder, aria-label) that follows the language. */
export function trpAttr<E extends Element>(el: E, attr: string, key: Key): E {
  el.setAttribute(attr, tp(key));
  attrs.push({ el, attr, key });
  return el;
}

const NEW_KINDS: readonly string[] = ['ranking', 'text'];

/** The name of a poll kind, old or new. */
export function kindLabel(kind: Poll['kind']): string {
  return NEW_KINDS.includes(kind) ? tp(`kind.${kind}` as Key) : t(`kind.${kind}` as MainKey);
}

/** The name of a poll kind as a text node that follows the language. */
export function kindNode(kind: Poll['kind']): Text {
  const node = document.createTextNode(kindLabel(kind));
  onLocale(() => (node.textContent = kindLabel(kind)));
  return node;
}
