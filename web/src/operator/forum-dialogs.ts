// The two moderation actions that need more than a click: answering, and merging into another question.
import { fill, h } from '../core/dom.js';
import { formatNumber } from '../core/i18n.js';
import type { OperatorQuestion } from '../core/types.js';
import type { Ctx } from './context.js';
import { t } from './words.js';
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
export class AnswerDialog {
  private readonly shell = dialogShell('forum.answerTitle');
  private readonly text = h('textarea', { attrs: { rows: 5, maxlength: 2000, dir: 'auto' } });
  private readonly source = h('div');
  private current: OperatorQuestion | null = null;

  constructor(private readonly ctx: Ctx) {
    trAttr(this.text, 'placeholder', 'forum.answerPlaceholder');
    trAttr(this.text, 'aria-label', 'forum.answerPlaceholder');
    const save = button('forum.markAnswered', (b) => this.save(b));
    this.shell.body.append(this.source, this.text, h('p', { class: 'muted small' }, tr('forum.answerHint')));
    this.shell.actions.append(
      save,
      button('common.cancel', () => this.shell.close(), 'secondary'),
    );
  }

  private async save(b: HTMLButtonElement): Promise<void> {
    if (!this.current) return;
    const answer = this.text.value.trim();
    const payload = { questionId: this.current.id, action: 'answer' as const, ...(answer ? { answer } : {}) };
    const done = await command(this.ctx.live, 'qa:moderate', payload, [b]);
    if (done) this.shell.close();
  }

  open(q: OperatorQuestion): void {
    this.current = q;
    fill(this.source, quote(q));
    this.text.value = q.answer ?? '';
    this.shell.dialog.showModal();
    this.text.focus();
  }
}

/** "Merge": picks the question to keep; the voters of this one move there. */
export class MergeDialog {
  private readonly shell = dialogShell('forum.mergeTitle');
  private readonly source = h('div');
  private readonly search = h('input', { attrs: { type: 'search' } });
  private readonly list = h('div', { class: 'merge-list', attrs: { role: 'radiogroup' } });
  private readonly merge = button('forum.merge', (b) => this.save(b));
  private current: OperatorQuestion | null = null;
  private chosen: string | null = null;

  constructor(private readonly ctx: Ctx) {
    trAttr(this.search, 'placeholder', 'forum.mergeSearch');
    trAttr(this.search, 'aria-label', 'forum.mergeSearch');
    this.search.addEventListener('input', () => this.renderList());
    this.shell.body.append(
      h('p', { class: 'muted small' }, tr('forum.mergeHint')),
      this.source,
      this.search,
      this.list,
    );
    this.shell.actions.append(
      this.merge,
      button('common.cancel', () => this.shell.close(), 'secondary'),
    );
  }

  private async save(b: HTMLButtonElement): Promise<void> {
    if (!this.current || !this.chosen) return;
    const done = await command(this.ctx.live, 'qa:merge', { questionId: this.current.id, intoId: this.chosen }, [b]);
    if (done) this.shell.close();
  }

  private renderList(): void {
    const all = (this.ctx.state()?.questions ?? []) as OperatorQuestion[];
    const needle = this.search.value.trim().toLowerCase();
    const candidates = all.filter(
      (q) =>
        q.id !== this.current?.id &&
        q.mergedInto === undefined &&
        q.status !== 'rejected' &&
        (!needle || q.text.toLowerCase().includes(needle)),
    );
    if (!candidates.some((q) => q.id === this.chosen)) this.chosen = null;
    this.merge.disabled = this.chosen === null;
    const name = uid('into');
    fill(
      this.list,
      candidates.length === 0 ? h('p', { class: 'muted' }, t('forum.mergeNone')) : null,
      ...candidates.slice(0, 100).map((q) => {
        const radio = h('input', { attrs: { type: 'radio', name, value: q.id, checked: q.id === this.chosen } });
        radio.addEventListener('change', () => {
          this.chosen = q.id;
          this.merge.disabled = false;
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
  }

  open(q: OperatorQuestion): void {
    this.current = q;
    this.chosen = null;
    this.search.value = '';
    fill(this.source, quote(q));
    this.renderList();
    this.shell.dialog.showModal();
    this.search.focus();
  }
}
