// The quiz on a phone (PROTOCOL section 10): the running question with a countdown on the server's
// clock, big answer buttons, "locked in" once the server has the answer, and after each reveal my
// result, total, rank and streak and my country's place. A card on top of the keynote tab.
import '../../styles/quiz.css';
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import { countryName } from '../core/names.js';
import {
  phaseOf,
  questionTotal,
  quizOnStage,
  secondsLeft,
  type Phase,
  type Quiz,
  type QuizQuestion,
} from '../core/quiz-live.js';
import type { EventState } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { qt } from './words.js';
import { retryAfterMs, setText, show } from './ui.js';
import { t } from './words.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];

interface OptionRow {
  button: HTMLButtonElement;
  mark: HTMLElement;
}

/** A question of the quiz is waiting for my answer (a dot on the keynote tab). */
export function quizWaiting(state: EventState, serverNow: number): number {
  const quiz = quizOnStage(state.quizzes);
  if (!quiz?.current || phaseOf(quiz, serverNow) !== 'question') return 0;
  const question = quiz.questions[quiz.current.index];
  return question && !state.myQuiz[quiz.id]?.answers[question.id] ? 1 : 0;
}

export class QuizCard extends View<EventState> {
  readonly el: HTMLElement;
  private readonly step = h('span', { class: 'quiz-step' });
  private readonly clock = h('span', { class: 'quiz-clock', attrs: { role: 'timer' } });
  private readonly title = h('h2', { class: 'quiz-title', attrs: { dir: 'auto' } });
  private readonly timeBar = h('span', { class: 'quiz-time', attrs: { 'aria-hidden': 'true' } }, h('span'));
  private readonly question = h('h3', { class: 'quiz-q', attrs: { dir: 'auto', id: 'quiz-question' } });
  private readonly hint = h('p', { class: 'quiz-hint muted small' });
  private readonly options = h('div', {
    class: 'quiz-options',
    attrs: { role: 'group', 'aria-labelledby': 'quiz-question' },
  });
  private readonly status = h('p', { class: 'quiz-status' });
  private readonly error = h('p', { class: 'quiz-error hidden', attrs: { role: 'alert' } });
  private readonly outcome = h('p', { class: 'quiz-outcome' });
  private readonly next = h('p', { class: 'quiz-next muted small' });
  private readonly total = h('strong', { class: 'big' });
  private readonly rank = h('strong', { class: 'big' });
  private readonly streak = h('strong', { class: 'big' });
  private readonly stats: HTMLElement;
  private readonly country = h('p', { class: 'quiz-country small' });
  private readonly announcer = h('p', { class: 'sr-only', attrs: { 'aria-live': 'polite' } });
  private readonly rows = new Map<string, OptionRow>();
  private rowsFor = '';
  private quiz: Quiz | undefined;
  private state: EventState | null = null;
  /** The answer being sent: shown at once, dropped if the server refuses it. */
  private pending: string | null = null;
  /** Questions the server says I answered already, though this page lost which option. */
  private readonly answeredElsewhere = new Set<string>();
  private errorFor = '';
  private saidStatus = '';
  private saidResult = '';
  private warned = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ctx: Ctx) {
    super();
    const stat = (label: string, value: HTMLElement): HTMLElement =>
      h('div', { class: 'stat' }, h('span', { class: 'muted small' }, label), value);
    this.stats = h(
      'div',
      { class: 'quiz-stats' },
      stat(qt('total'), this.total),
      stat(qt('rank'), this.rank),
      stat(qt('streak'), this.streak),
    );
    this.clock.setAttribute('aria-label', qt('clockLabel'));
    this.el = h(
      'section',
      { class: 'card quiz hidden', attrs: { 'aria-labelledby': 'quiz-kicker quiz-title' } },
      h(
        'div',
        { class: 'quiz-head' },
        h('span', { class: 'chip quiz-chip', attrs: { id: 'quiz-kicker' } }, qt('kicker')),
        this.step,
        this.clock,
      ),
      this.title,
      this.timeBar,
      this.question,
      this.hint,
      this.options,
      this.status,
      this.error,
      h('div', { class: 'quiz-result' }, this.outcome, this.next, this.stats, this.country),
      this.announcer,
    );
    this.title.id = 'quiz-title';
  }

  private get serverNow(): number {
    return this.ctx.live.quiz.serverNow();
  }

  update(state: EventState): void {
    this.state = state;
    this.quiz = quizOnStage(state.quizzes);
    this.draw();
  }

  destroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private currentQuestion(): QuizQuestion | undefined {
    const quiz = this.quiz;
    return quiz?.current ? quiz.questions[quiz.current.index] : undefined;
  }

  private draw(): void {
    const quiz = this.quiz;
    const state = this.state;
    show(this.el, !!quiz && !!state);
    if (!quiz || !state) {
      this.destroy();
      return;
    }
    const phase = phaseOf(quiz, this.serverNow);
    const question = this.currentQuestion();
    this.el.dataset.phase = phase;
    this.el.dataset.quiz = quiz.id;
    setText(this.title, pickText(quiz.title));
    const counted = question && phase !== 'ended' && phase !== 'ready';
    setText(
      this.step,
      counted && quiz.current
        ? qt('questionOf', { n: formatNumber(quiz.current.index + 1), total: formatNumber(questionTotal(quiz)) })
        : '',
    );
    show(this.question, !!counted);
    setText(this.question, counted && question ? pickText(question.text) : '');
    this.drawOptions(quiz, question, phase);
    this.drawStatus(quiz, question, phase);
    this.drawResult(state, quiz, question, phase);
    this.tick();
    if (phase === 'question' && !this.timer) this.timer = setInterval(() => this.tick(), 250);
    if (phase !== 'question') this.destroy();
  }

  /** The clock and the time bar; the moment the deadline passes on the server's clock, the card closes. */
  private tick(): void {
    const quiz = this.quiz;
    const current = quiz?.current;
    const phase = quiz ? phaseOf(quiz, this.serverNow) : 'ready';
    const running = phase === 'question' && !!current;
    show(this.clock, running);
    show(this.timeBar, running);
    if (!running || !current) {
      if (this.el.dataset.phase === 'question') this.draw();
      return;
    }
    const left = secondsLeft(current.endsAt, this.serverNow);
    setText(this.clock, formatNumber(left));
    const span = Math.max(1, current.endsAt - current.startsAt);
    const share = Math.min(100, Math.max(0, ((current.endsAt - this.serverNow) / span) * 100));
    (this.timeBar.firstElementChild as HTMLElement).style.width = `${share.toFixed(1)}%`;
    this.clock.classList.toggle('urgent', left <= 5);
    // One spoken reminder per question, ten seconds before the end (never every second).
    const question = this.currentQuestion();
    const key = `${quiz?.id ?? ''}/${question?.id ?? ''}`;
    if (left === 10 && span > 15_000 && this.warned !== key && !this.mine(question)) {
      this.warned = key;
      this.announce(qt('secondsLeft', { s: formatNumber(left) }));
    }
  }

  /** My answer to a question: sent and stored, or being sent. */
  private mine(question: QuizQuestion | undefined): string | undefined {
    if (!question || !this.quiz) return undefined;
    return this.state?.myQuiz[this.quiz.id]?.answers[question.id] ?? this.pending ?? undefined;
  }

  private drawOptions(quiz: Quiz, question: QuizQuestion | undefined, phase: Phase): void {
    const visible = !!question && (phase === 'question' || phase === 'closed' || phase === 'reveal');
    show(this.options, visible);
    if (!question || !visible) return;
    const key = `${quiz.id}/${question.id}`;
    if (key !== this.rowsFor) {
      this.rowsFor = key;
      this.rows.clear();
      this.pending = null;
      this.options.replaceChildren(
        ...question.options.map((option, i) => {
          const mark = h('span', { class: 'quiz-mark' });
          const button = h(
            'button',
            {
              class: 'quiz-option',
              attrs: { type: 'button', 'aria-pressed': 'false' },
              data: { option: option.id },
              on: { click: () => void this.answer(option.id) },
            },
            h('span', { class: 'quiz-letter', attrs: { 'aria-hidden': 'true' } }, LETTERS[i] ?? String(i + 1)),
            h('span', { class: 'quiz-label' }, h('bdi', {}, pickText(option.label))),
            mark,
          );
          this.rows.set(option.id, { button, mark });
          return button;
        }),
      );
    }
    const chosen = this.mine(question);
    const open = phase === 'question' && !chosen && !this.answeredElsewhere.has(question.id);
    const correct = phase === 'reveal' ? question.correct : undefined;
    for (const [id, row] of this.rows) {
      const isMine = chosen === id;
      const isRight = !!correct?.includes(id);
      row.button.setAttribute('aria-pressed', String(isMine));
      // aria-disabled, not disabled: the focus stays on the button pressed.
      row.button.setAttribute('aria-disabled', String(!open));
      row.button.classList.toggle('correct', isRight);
      row.button.classList.toggle('wrong', !!correct && isMine && !isRight);
      const marks = [isRight ? qt('correctMark') : '', isMine ? qt('yourAnswer') : ''].filter(Boolean);
      setText(row.mark, marks.join(' · '));
    }
  }

  private drawStatus(quiz: Quiz, question: QuizQuestion | undefined, phase: Phase): void {
    const chosen = this.mine(question);
    const option = question?.options.find((o) => o.id === chosen);
    let status = '';
    let hint = '';
    if (phase === 'ready') status = qt('ready');
    else if (phase === 'question') {
      if (this.pending) status = qt('sending');
      else if (option) status = qt('lockedIn', { option: pickText(option.label) });
      else if (question && this.answeredElsewhere.has(question.id)) status = qt('alreadyAnswered');
      else hint = `${qt('answerHint')} ${quiz.scoring.speed ? qt('speedOn') : qt('speedOff')}`;
    } else if (phase === 'closed') {
      status = option ? `${qt('lockedIn', { option: pickText(option.label) })} · ${qt('timeUp')}` : qt('timeUp');
    }
    setText(this.status, status);
    show(this.status, status !== '');
    this.status.classList.toggle('locked', !!option && phase !== 'ready');
    setText(this.hint, hint);
    show(this.hint, hint !== '');
    const errorShown = this.errorFor === `${quiz.id}/${question?.id ?? ''}`;
    show(this.error, errorShown && this.error.textContent !== '');
    // Spoken once per change of phase (a new question, time up, the end); never on a tick.
    const said = `${quiz.id}/${question?.id ?? ''}/${phase}`;
    if (said !== this.saidStatus) {
      this.saidStatus = said;
      if (phase === 'question' && question && quiz.current)
        this.announce(
          qt('questionAnnounce', {
            n: formatNumber(quiz.current.index + 1),
            total: formatNumber(questionTotal(quiz)),
            text: pickText(question.text),
          }),
        );
      else if (phase === 'closed') this.announce(qt('timeUp'));
    }
  }

  private drawResult(state: EventState, quiz: Quiz, question: QuizQuestion | undefined, phase: Phase): void {
    const shown = phase === 'reveal' || phase === 'ended';
    show(this.outcome.parentElement ?? this.outcome, shown);
    if (!shown) return;
    const my = state.myQuiz[quiz.id];
    const me = this.ctx.live.quiz.me(quiz.id);
    let outcome: string;
    if (phase === 'reveal' && question) {
      const answer = my?.answers[question.id];
      const result = me?.questionId === question.id ? me : undefined;
      const right = result ? result.correct : !!answer && !!question.correct?.includes(answer);
      if (!answer && !result) outcome = qt('notAnswered');
      else if (right) outcome = result ? qt('right', { points: formatNumber(result.points) }) : qt('rightShort');
      else outcome = qt('wrong');
      this.outcome.dataset.result = !answer && !result ? 'none' : right ? 'right' : 'wrong';
    } else {
      delete this.outcome.dataset.result;
      outcome = !my
        ? qt('notPlayed')
        : my.rank
          ? `${qt('over')} ${qt('finalRank', { rank: formatNumber(my.rank), points: formatNumber(my.total) })}`
          : `${qt('over')} ${qt('finalPoints', { points: formatNumber(my.total) })}`;
    }
    setText(this.outcome, outcome);
    const more = phase === 'reveal' && !!quiz.current && quiz.current.index + 1 < questionTotal(quiz);
    setText(this.next, more ? qt('nextSoon') : '');
    show(this.next, more);
    show(this.stats, !!my);
    setText(this.total, formatNumber(my?.total ?? 0));
    setText(this.rank, my?.rank ? `#${formatNumber(my.rank)}` : '—');
    setText(this.streak, formatNumber(my?.streak ?? 0));
    const place = this.countryPlace(state, quiz);
    setText(this.country, place);
    show(this.country, place !== '');
    const said = `${quiz.id}/${question?.id ?? ''}/${phase}/${outcome}`;
    if (said !== this.saidResult) {
      this.saidResult = said;
      this.announce([outcome, place].filter(Boolean).join(' '));
    }
  }

  private countryPlace(state: EventState, quiz: Quiz): string {
    const code = state.me?.country;
    if (!code) return '';
    const board = state.quizBoards[quiz.id]?.countries ?? [];
    const row = board.find((c) => c.country === code);
    const country = countryName(code);
    return row
      ? qt('countryPlace', { country, rank: formatNumber(row.rank), people: formatNumber(row.people) })
      : qt('countryUnranked', { country });
  }

  private async answer(optionId: string): Promise<void> {
    const quiz = this.quiz;
    const question = this.currentQuestion();
    if (!quiz || !question || this.pending || this.mine(question) || this.answeredElsewhere.has(question.id)) return;
    if (phaseOf(quiz, this.serverNow) !== 'question') return;
    const at = `${quiz.id}/${question.id}`;
    this.pending = optionId;
    this.errorFor = '';
    this.draw();
    const ack = await this.ctx.live.send('quiz:answer', { quizId: quiz.id, questionId: question.id, optionId });
    if (this.rowsFor === at) this.pending = null;
    if (ack.ok) {
      this.ctx.live.quiz.answeredByMe(quiz.id, ack.data.questionId, ack.data.optionId);
      const option = question.options.find((o) => o.id === ack.data.optionId);
      this.announce(qt('lockedInAnnounce', { option: option ? pickText(option.label) : '' }));
    } else {
      const code = ack.error.code;
      if (code === 'CONFLICT') this.answeredElsewhere.add(question.id);
      const text =
        code === 'POLL_CLOSED'
          ? qt('tooLate')
          : code === 'CONFLICT'
            ? qt('alreadyAnswered')
            : code === 'RATE_LIMITED'
              ? t('rateLimited', { s: Math.max(1, Math.ceil(retryAfterMs(ack.error) / 1000)) })
              : ack.error.message;
      this.errorFor = at;
      this.error.textContent = text;
    }
    this.ctx.refresh();
  }

  /** Says it once, politely (a live region that only changes on purpose). */
  private announce(text: string): void {
    if (!text) return;
    this.announcer.textContent = this.announcer.textContent === text ? `${text} ` : text;
  }
}
