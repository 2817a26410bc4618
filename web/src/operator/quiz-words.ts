// The quiz section's words (`operator.quiz.*`), and labels that follow the language like the
// console's own (ui.ts tr / trAttr).
import { onLocale, scoped, type Keys, type Values } from '../core/i18n.js';

export type QuizKey = Keys<'operator.quiz'>;
type Vars = Values;

/** A word of the quiz section in the interface language, placeholders filled. */
export const qt = scoped('operator.quiz');

const labels: { node: Text; key: QuizKey; vars?: Vars }[] = [];
const attrs: { el: Element; attr: string; key: QuizKey; vars?: Vars }[] = [];
onLocale(() => {
  for (const l of labels) l.node.textContent = qt(l.key, l.vars);
  for (const a of attrs) a.el.setAttribute(a.attr, qt(a.key, a.vars));
});

/** A text node that follows the language (for what is built once: forms keep what was typed). */
export function qtr(key: QuizKey, vars?: Vars): Text {
  const node = document.createTextNode(qt(key, vars));
  labels.push({ node, key, vars });
  return node;
}

/** An attribute (placeholder, aria-label) that follows the language. */
export function qAttr<E extends Element>(el: E, attr: string, key: QuizKey, vars?: Vars): E {
  el.setAttribute(attr, qt(key, vars));
  attrs.push({ el, attr, key, vars });
  return el;
}
