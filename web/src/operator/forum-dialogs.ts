// The two moderation actions that need more than a click: answering, and merging into another question.
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { OperatorQuestion } from '../core/types.js';
import type { Ctx } from './context.js';
import { t } from './i18n.js';
import { button, command, tr, trAttr, uid } from './ui.js';

function dialogShell(titleKey: Parameters<typeof tr>[0]): {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  actions: HTMLElement;
  close(): void;
} {
  const titleId = uid('dlg');
  const body = h('div', { class: 'dialog-body' });
  const actions = h('div', { class: 'row actions' });
  const dialog = h(
    'dialog',
    { class: 'op-dialog', attrs: { 'aria-labelledby': titleId } },
    h('h2', { attrs: { id: titleId } }, tr(titleKey)),
    body,
    actions,
  );
  document.body.append(dialog);
  return { dialog, body, actions, close: () => dialog.close() };
}

function quote(q: OperatorQuestion): HTMLElement {
  return h('blockquote', { class: 'q-quote', attrs: { dir: 'auto', lang: q.lang ?? '' } }, q.text);
}

/** "Answer": marks the question answered, with the answer text when one is written. */
export function answerDialog(ctx: Ctx): (q: OperatorQuestion) => void {
  const shell = dialogShell('forum.answerTitle');
  const text = h('textarea', { attrs: { rows: 5, maxlength: 2000, dir: 'auto' } });
  trAttr(text, 'placeholder', 'forum.answerPlaceholder');
  trAttr(text, 'aria-label', 'forum.answerPlaceholder');
  const source = h('div');
  let current: OperatorQuestion | null = null;
  const save = button('forum.markAnswered', async (b) => {
    if (!current) return;
    const answer = text.value.trim();
    const payload = { questionId: current.id, action: 'answer', ...(answer ? { answer } : {}) };
    const done = await command(ctx.live, 'qa:moderate', payload, [b]);
    if (done) shell.close();
  });
  shell.body.append(source, text, h('p', { class: 'muted small' }, tr('forum.answerHint')));
  shell.actions.append(
    save,
    button('common.cancel', () => shell.close(), 'secondary'),
  );
  return (q) => {
    current = q;
    fill(source, quote(q));
    text.value = q.answer ?? '';
    shell.dialog.showModal();
    text.focus();
  };
}

/** "Merge": picks the question to keep; the voters of this one move there. */
export function mergeDialog(ctx: Ctx): (q: OperatorQuestion) => void {
  const shell = dialogShell('forum.mergeTitle');
  const source = h('div');
  const search = h('input', { attrs: { type: 'search' } });
  trAttr(search, 'placeholder', 'forum.mergeSearch');
  trAttr(search, 'aria-label', 'forum.mergeSearch');
  const list = h('div', { class: 'merge-list', attrs: { role: 'radiogroup' } });
  let current: OperatorQuestion | null = null;
  let chosen: string | null = null;
  const merge = button('forum.merge', async (b) => {
    if (!current || !chosen) return;
    const done = await command(ctx.live, 'qa:merge', { questionId: current.id, intoId: chosen }, [b]);
    if (done) shell.close();
  });

  const renderList = (): void => {
    const all = (ctx.state()?.questions ?? []) as OperatorQuestion[];
    const needle = search.value.trim().toLowerCase();
    const candidates = all.filter(
      (q) =>
        q.id !== current?.id &&
        q.mergedInto === undefined &&
        q.status !== 'rejected' &&
        (!needle || q.text.toLowerCase().includes(needle)),
    );
    if (!candidates.some((q) => q.id === chosen)) chosen = null;
    merge.disabled = chosen === null;
    const name = uid('into');
    fill(
      list,
      candidates.length === 0 ? h('p', { class: 'muted' }, t('forum.mergeNone')) : null,
      ...candidates.slice(0, 100).map((q) => {
        const radio = h('input', { attrs: { type: 'radio', name, value: q.id, checked: q.id === chosen } });
        radio.addEventListener('change', () => {
          chosen = q.id;
          merge.disabled = false;
        });
        return h(
          'label',
          { class: 'merge-option' },
          radio,
          h('span', { class: 'grow', attrs: { dir: 'auto' } }, q.text),
          h('span', { class: 'chip' }, t(`qstatus.${q.status}`)),
          h('span', { class: 'muted' }, `▲ ${formatNumber(q.upvotes)}`),
        );
      }),
    );
  };
  search.addEventListener('input', renderList);
  shell.body.append(h('p', { class: 'muted small' }, tr('forum.mergeHint')), source, search, list);
  shell.actions.append(
    merge,
    button('common.cancel', () => shell.close(), 'secondary'),
  );
  return (q) => {
    current = q;
    chosen = null;
    search.value = '';
    fill(source, quote(q));
    renderList();
    shell.dialog.showModal();
    search.focus();
  };
}
