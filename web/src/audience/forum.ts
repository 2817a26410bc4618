// The KOC forum tab: ask (3..280 characters, anonymous or not), my questions, the public questions.
import { View } from '../core/component.js';
import { h, onSubmit } from '../core/dom.js';
import { formatNumber, locale } from '../core/i18n.js';
import { KeyedList } from '../core/keyed-list.js';
import type { EventState, Question } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { t } from './words.js';
import { MyQuestionView, QuestionView, type QuestionItem } from './questions.js';
import { retryAfterMs, setText, show, showError, toast } from './ui.js';

const MIN = 3;
const MAX = 280;
/** What is being typed: kept when the language changes and the page is redrawn. */
const draft = { text: '', anonymous: false, blockedUntil: 0 };

export class Forum extends View<EventState> {
  readonly el: HTMLElement;
  private readonly text: HTMLTextAreaElement;
  private readonly anonymous: HTMLInputElement;
  /** Characters typed: read with the box (aria-describedby), not announced at each keystroke. */
  private readonly counter = h('span', { class: 'counter muted small', attrs: { id: 'ask-left' } });
  private readonly askButton: HTMLButtonElement;
  private readonly moderated = h('p', { class: 'muted small' });
  private readonly wait = h('p', { class: 'wait small hidden', attrs: { role: 'status' } });
  private readonly list: KeyedList<QuestionItem>;
  private readonly mine: KeyedList<Question>;
  private readonly mineBox: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly busy = new Set<string>();
  private asking = false;
  private blockTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ctx: Ctx) {
    super();
    this.text = h('textarea', {
      attrs: {
        id: 'ask-text',
        rows: 3,
        maxlength: MAX,
        placeholder: t('askPlaceholder'),
        'aria-describedby': 'ask-left',
      },
      on: { input: () => this.typed() },
    });
    this.text.value = draft.text;
    this.anonymous = h('input', {
      attrs: { type: 'checkbox', id: 'ask-anon' },
      on: { change: () => (draft.anonymous = this.anonymous.checked) },
    });
    this.anonymous.checked = draft.anonymous;
    this.askButton = h('button', { attrs: { type: 'submit' } }, t('askSend'));
    const form = h(
      'form',
      {
        class: 'card ask',
        on: { submit: onSubmit(() => this.ask()) },
      },
      h('label', { attrs: { for: 'ask-text' } }, t('askLabel')),
      this.text,
      h(
        'div',
        { class: 'ask-row' },
        h('label', { class: 'check', attrs: { for: 'ask-anon' } }, this.anonymous, h('span', {}, t('askAnonymous'))),
        this.counter,
      ),
      this.moderated,
      this.wait,
      h('div', { class: 'ask-actions' }, this.askButton),
    );
    const toggle = (q: Question, upvoted: boolean): void => void this.upvote(q, upvoted);
    this.list = new KeyedList(
      h('div', { class: 'questions' }),
      (item) => item.question.id,
      (item) => new QuestionView(item, toggle),
    );
    this.mine = new KeyedList(
      h('ul', { class: 'my-questions' }),
      (q) => q.id,
      () => new MyQuestionView(),
    );
    this.mineBox = h(
      'section',
      { class: 'card mine-box hidden' },
      h('h2', { class: 'section-title' }, t('myQuestions')),
      this.mine.el,
    );
    this.empty = h('p', { class: 'muted empty-line' }, t('noQuestions'));
    this.el = h(
      'div',
      { class: 'forum' },
      form,
      this.mineBox,
      h('h2', { class: 'section-title' }, t('questionsTitle')),
      this.empty,
      this.list.el,
    );
    this.typed();
    if (Date.now() < draft.blockedUntil) this.block(draft.blockedUntil - Date.now());
  }

  private typed(): void {
    draft.text = this.text.value;
    const length = this.text.value.trim().length;
    setText(this.counter, `${formatNumber(this.text.value.length)}/${formatNumber(MAX)}`);
    this.askButton.disabled = this.asking || length < MIN || Date.now() < draft.blockedUntil;
  }

  private async ask(): Promise<void> {
    const text = this.text.value.trim();
    if (text.length < MIN || this.asking || Date.now() < draft.blockedUntil) return;
    this.asking = true;
    this.typed();
    const ack = await this.ctx.live.send('qa:ask', {
      text,
      anonymous: this.anonymous.checked,
      lang: locale(),
    });
    this.asking = false;
    if (ack.ok) {
      this.text.value = '';
      const state = this.ctx.live.state;
      if (state && !state.myQuestions.some((q) => q.id === ack.data.id)) state.myQuestions.push(ack.data);
      toast(ack.data.status === 'pending' ? t('askedPending') : t('askedLive'));
      this.ctx.refresh();
    } else if (ack.error.code === 'RATE_LIMITED') {
      this.block(retryAfterMs(ack.error) || 20000);
      showError(ack.error);
    } else {
      showError(ack.error);
    }
    this.typed();
  }

  /** Asked too often: a calm note with the seconds left, and the button waits too. */
  private block(ms: number): void {
    draft.blockedUntil = Date.now() + ms;
    const tick = (): void => {
      const left = Math.ceil((draft.blockedUntil - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(this.blockTimer);
        this.blockTimer = undefined;
        show(this.wait, false);
      } else {
        setText(this.wait, t('askWait', { s: formatNumber(left) }));
        show(this.wait, true);
      }
      this.typed();
    };
    clearInterval(this.blockTimer);
    this.blockTimer = setInterval(tick, 1000);
    tick();
  }

  private async upvote(q: Question, upvoted: boolean): Promise<void> {
    const state = this.ctx.live.state;
    if (!state || this.busy.has(q.id)) return;
    this.busy.add(q.id);
    // Shown at once; taken back if the server says no.
    const apply = (on: boolean, delta: number): void => {
      const s = this.ctx.live.state;
      if (!s) return;
      s.myUpvotes = on ? [...new Set([...s.myUpvotes, q.id])] : s.myUpvotes.filter((id) => id !== q.id);
      const held = s.questions.find((x) => x.id === q.id);
      if (held) held.upvotes = Math.max(0, held.upvotes + delta);
    };
    apply(!upvoted, upvoted ? -1 : 1);
    this.ctx.refresh();
    const ack = await this.ctx.live.send(upvoted ? 'qa:unvote' : 'qa:upvote', {
      questionId: q.id,
    });
    this.busy.delete(q.id);
    if (ack.ok) {
      const held = this.ctx.live.state?.questions.find((x) => x.id === q.id);
      if (held) held.upvotes = ack.data.upvotes;
    } else {
      apply(upvoted, upvoted ? 1 : -1);
      showError(ack.error);
    }
    this.ctx.refresh();
  }

  update(state: EventState): void {
    setText(this.moderated, state.forum?.moderation ? t('askModerated') : t('askOpen'));
    const upvoted = new Set(state.myUpvotes);
    this.list.update(
      state.questions.map((question) => ({
        question,
        upvoted: upvoted.has(question.id),
        busy: this.busy.has(question.id),
      })),
    );
    show(this.empty, state.questions.length === 0);
    const mine = [...(state.myQuestions ?? [])].sort((a, b) => b.createdAt - a.createdAt);
    this.mine.update(mine);
    show(this.mineBox, mine.length > 0);
  }

  override destroy(): void {
    clearInterval(this.blockTimer);
  }
}
