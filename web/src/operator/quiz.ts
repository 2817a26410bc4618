// The quiz section: the composer beside the list of quizzes; a quiz is run from its card (start,
// reveal, next, end) with the countdown on the server's clock, the answers so far, the answer
// counts at each reveal, and the people's and countries' boards.
import '../../styles/quiz.css';
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, locale, pickText } from '../core/i18n.js';
import { KeyedList } from '../core/keyed-list.js';
import { countryLabel } from '../core/names.js';
import {
  phaseOf,
  questionTotal,
  secondsLeft,
  type CountryStanding,
  type Quiz,
  type Standing,
} from '../core/quiz-live.js';
import type { EventState } from '../core/types.js';
import type { Ctx } from './context.js';
import { downloadWithToken } from './download.js';
import { QuizComposer } from './quiz-composer.js';
import { qt, qtr } from './quiz-words.js';
import { button, command } from './ui.js';

const LETTERS = 'ABCDEFGHIJKL';

function csvPath(ctx: Ctx, quiz: Quiz): string {
  return `/api/events/${encodeURIComponent(ctx.eventId)}/quizzes/${encodeURIComponent(quiz.id)}/results.csv`;
}

function personRow(row: Standing): HTMLElement {
  return h(
    'li',
    { class: 'quiz-rank-row', data: { rank: String(row.rank) } },
    h('span', { class: 'quiz-rank' }, formatNumber(row.rank)),
    h('bdi', { class: 'quiz-who' }, row.name ?? qt('run.anonymous')),
    h('span', { class: 'muted small' }, row.country ? countryLabel(row.country) : ''),
    h('span', { class: 'quiz-pts' }, qt('run.points', { n: formatNumber(row.points) })),
  );
}

function countryRow(row: CountryStanding): HTMLElement {
  return h(
    'li',
    { class: 'quiz-rank-row', data: { rank: String(row.rank), country: row.country } },
    h('span', { class: 'quiz-rank' }, formatNumber(row.rank)),
    h('span', { class: 'quiz-who' }, countryLabel(row.country)),
    h('span', { class: 'muted small' }, qt('run.people', { n: formatNumber(row.people) })),
    h('span', { class: 'quiz-pts' }, qt('run.points', { n: formatNumber(row.points) })),
  );
}

/** One quiz: what it is, where it is, its buttons, and its numbers. */
class QuizRunCard extends View<Quiz> {
  readonly el: HTMLElement;
  private readonly chips = h('div', { class: 'chips' });
  private readonly title = h('h3', { class: 'poll-question', attrs: { dir: 'auto' } });
  private readonly meta = h('div', { class: 'muted small' });
  private readonly step = h('strong', { class: 'quiz-run-step' });
  private readonly clock = h('span', { class: 'quiz-run-clock', attrs: { role: 'timer' } });
  private readonly answered = h('span', { class: 'quiz-run-answered', attrs: { 'aria-live': 'off' } });
  private readonly question = h('p', { class: 'quiz-run-q', attrs: { dir: 'auto' } });
  private readonly options = h('ol', { class: 'quiz-run-options' });
  private readonly note = h('p', { class: 'muted small quiz-run-note' });
  private readonly run: HTMLElement;
  private readonly boards = h('div', { class: 'quiz-boards' });
  private readonly actions = h('div', { class: 'row actions' });
  private quiz: Quiz;
  private readonly seen = { head: '', run: '', boards: '', actions: '' };
  private armed: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: Ctx,
    quiz: Quiz,
  ) {
    super();
    this.quiz = quiz;
    this.run = h(
      'div',
      { class: 'quiz-run' },
      h('div', { class: 'quiz-run-head' }, this.step, this.clock, this.answered),
      this.question,
      this.options,
      this.note,
    );
    this.el = h(
      'article',
      { class: 'card poll quiz-card', data: { quizId: quiz.id } },
      this.chips,
      this.title,
      this.meta,
      this.run,
      this.boards,
      this.actions,
    );
  }

  update(quiz: Quiz): void {
    this.quiz = quiz;
    const state = this.ctx.state();
    const now = this.ctx.live.quiz.serverNow();
    const phase = phaseOf(quiz, now);
    this.el.dataset.status = quiz.status;
    this.el.dataset.phase = phase;
    this.el.classList.toggle('poll-open', quiz.status === 'running');
    this.drawHead(quiz);
    this.drawRun(quiz, phase);
    this.drawBoards(quiz, phase, state);
    this.drawActions(quiz, phase, state);
    this.tick();
  }

  /** The countdown and the answers so far: every quarter second while a question runs. */
  tick(): void {
    const quiz = this.quiz;
    const current = quiz.current;
    const now = this.ctx.live.quiz.serverNow();
    const phase = phaseOf(quiz, now);
    const running = phase === 'question' && !!current;
    this.clock.classList.toggle('hidden', !running);
    if (running && current)
      this.clock.textContent = qt('run.timeLeft', { s: formatNumber(secondsLeft(current.endsAt, now)) });
    const question = current ? quiz.questions[current.index] : undefined;
    const so = this.ctx.live.quiz.answered(quiz.id);
    const count = so && question && so.questionId === question.id ? so.answered : null;
    this.answered.classList.toggle('hidden', count === null || quiz.status !== 'running');
    this.answered.textContent = count === null ? '' : qt('run.answered', { n: formatNumber(count) });
    // The deadline passed on the server's clock: the card shows the question closed.
    if (this.el.dataset.phase === 'question' && phase !== 'question') this.update(quiz);
  }

  private drawHead(quiz: Quiz): void {
    const sig = JSON.stringify([quiz.status, quiz.title, quiz.scoring, questionTotal(quiz), locale()]);
    if (sig === this.seen.head) return;
    this.seen.head = sig;
    const statusClass = quiz.status === 'running' ? 'open' : quiz.status === 'ended' ? 'closed' : 'draft';
    fill(
      this.chips,
      h('span', { class: `chip status-${statusClass}` }, qt(`status.${quiz.status}`)),
      h('span', { class: 'chip' }, qt('list.questions', { n: formatNumber(questionTotal(quiz)) })),
      h('span', { class: 'chip' }, qt(quiz.scoring.speed ? 'list.speedOn' : 'list.speedOff')),
      h('span', { class: 'chip' }, qt(quiz.scoring.streak ? 'list.streakOn' : 'list.streakOff')),
    );
    this.title.textContent = pickText(quiz.title);
    this.meta.textContent = `${quiz.id} · ${Object.keys(quiz.title).join(' · ')}`;
  }

  private drawRun(quiz: Quiz, phase: ReturnType<typeof phaseOf>): void {
    const current = quiz.current;
    const question = current ? quiz.questions[current.index] : undefined;
    const counts = question ? this.ctx.live.quiz.countsOf(quiz.id, question.id) : undefined;
    const sig = JSON.stringify([quiz.status, phase, current?.index, question, counts, locale()]);
    if (sig === this.seen.run) return;
    this.seen.run = sig;
    this.run.classList.toggle('hidden', quiz.status !== 'running' || !current);
    if (!current || !question) {
      this.note.textContent = quiz.status === 'running' ? qt('run.ready') : '';
      this.run.classList.toggle('hidden', quiz.status !== 'running');
      fill(this.options);
      return;
    }
    this.step.textContent = qt('run.question', {
      n: formatNumber(current.index + 1),
      total: formatNumber(questionTotal(quiz)),
    });
    this.question.textContent = pickText(question.text);
    const revealed = phase === 'reveal';
    const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
    fill(
      this.options,
      ...question.options.map((option, i) => {
        const right = !!question.correct?.includes(option.id);
        const n = counts?.[option.id] ?? 0;
        return h(
          'li',
          { class: right ? 'quiz-run-option correct' : 'quiz-run-option', data: { option: option.id } },
          h('span', { class: 'quiz-letter', attrs: { 'aria-hidden': 'true' } }, LETTERS[i] ?? ''),
          h('bdi', { class: 'quiz-run-label' }, pickText(option.label)),
          right ? h('span', { class: 'quiz-run-mark' }, qt('run.correctMark')) : null,
          revealed && counts
            ? h(
                'span',
                { class: 'quiz-run-count' },
                formatNumber(n),
                h(
                  'span',
                  { class: 'quiz-run-bar', attrs: { 'aria-hidden': 'true' } },
                  h('span', {
                    style: { width: `${total ? Math.round((n / total) * 100) : 0}%` },
                  }),
                ),
              )
            : null,
        );
      }),
    );
    const last = current.index + 1 >= questionTotal(quiz);
    this.note.textContent =
      phase === 'closed' ? qt('run.closed') : phase === 'reveal' ? (last ? qt('run.last') : qt('run.revealed')) : '';
  }

  private drawBoards(quiz: Quiz, phase: ReturnType<typeof phaseOf>, state: EventState | null): void {
    const boards = state?.quizBoards[quiz.id];
    const shown = !!boards && (phase === 'reveal' || phase === 'ended');
    const sig = JSON.stringify([shown, boards, phase, locale()]);
    if (sig === this.seen.boards) return;
    this.seen.boards = sig;
    this.boards.classList.toggle('hidden', !shown);
    if (!shown || !boards) return;
    fill(
      this.boards,
      h(
        'section',
        { class: 'quiz-board quiz-people' },
        h('h4', {}, qt(phase === 'ended' ? 'run.final' : 'run.leaderboard')),
        boards.leaderboard.length
          ? h('ol', { class: 'quiz-ranking' }, ...boards.leaderboard.slice(0, 10).map(personRow))
          : h('p', { class: 'muted small' }, qt('run.noBoard')),
      ),
      h(
        'section',
        { class: 'quiz-board quiz-countries' },
        h('h4', {}, qt('run.countries')),
        boards.countries.length
          ? h('ol', { class: 'quiz-ranking' }, ...boards.countries.slice(0, 10).map(countryRow))
          : h('p', { class: 'muted small' }, qt('run.noCountries')),
      ),
    );
  }

  private drawActions(quiz: Quiz, phase: ReturnType<typeof phaseOf>, state: EventState | null): void {
    const scene = state?.screen.scene ?? null;
    const following = !scene || scene.kind === 'auto';
    const sig = JSON.stringify([quiz.status, phase, quiz.current?.index, following, locale()]);
    if (sig === this.seen.actions) return;
    this.seen.actions = sig;
    // A button pressed by keyboard is replaced: the focus goes to the first of the new ones.
    const hadFocus = this.actions.contains(document.activeElement);
    this.disarm();
    const live = this.ctx.live;
    const act = (event: 'quiz:next' | 'quiz:reveal') => (b: HTMLButtonElement) =>
      command(live, event, { quizId: quiz.id }, [b]);
    const parts: HTMLElement[] = [];
    const more = (quiz.current ? quiz.current.index + 1 : 0) < questionTotal(quiz);
    if (quiz.status === 'draft') parts.push(button(qtr('run.start'), act('quiz:next'), 'quiz-start'));
    if (quiz.status === 'running') {
      if (phase === 'question' || phase === 'closed')
        parts.push(button(qtr('run.reveal'), act('quiz:reveal'), 'quiz-reveal'));
      else if (more) parts.push(button(qtr(quiz.current ? 'run.next' : 'run.start'), act('quiz:next'), 'quiz-next'));
      parts.push(this.endButton(quiz));
    }
    if (quiz.status !== 'ended' && !following)
      parts.push(
        button(qtr('run.follow'), (b) => command(live, 'screen:scene', { kind: 'auto' }, [b]), 'secondary quiz-follow'),
      );
    if (quiz.status !== 'draft') {
      const csv = h(
        'a',
        { class: 'csv-link', attrs: { href: csvPath(this.ctx, quiz), download: `${quiz.id}.csv` } },
        qt('run.csv'),
      );
      csv.addEventListener('click', (e) => {
        e.preventDefault();
        void downloadWithToken(this.ctx, csvPath(this.ctx, quiz), `${this.ctx.eventId}-${quiz.id}-results.csv`, csv);
      });
      parts.push(csv);
    }
    fill(this.actions, ...parts);
    if (hadFocus) this.actions.querySelector<HTMLElement>('button, a')?.focus();
  }

  /** End: the first click arms it, the second (within 4 s) ends the quiz. */
  private endButton(quiz: Quiz): HTMLButtonElement {
    const b = h('button', { class: 'warn quiz-end', attrs: { type: 'button' } }, qt('run.end'));
    b.addEventListener('click', () => {
      if (!this.armed) {
        b.classList.add('armed');
        b.textContent = qt('run.endConfirm');
        this.armed = setTimeout(() => {
          this.armed = null;
          b.classList.remove('armed');
          b.textContent = qt('run.end');
        }, 4000);
        return;
      }
      this.disarm();
      void command(this.ctx.live, 'quiz:end', { quizId: quiz.id }, [b]);
    });
    return b;
  }

  private disarm(): void {
    if (this.armed) clearTimeout(this.armed);
    this.armed = null;
  }

  destroy(): void {
    this.disarm();
  }
}

export class QuizSection extends View<EventState> {
  readonly el: HTMLElement;
  private readonly composer: QuizComposer;
  private readonly empty = h('p', { class: 'muted empty' }, qtr('list.none'));
  private readonly cards: KeyedList<Quiz, QuizRunCard>;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ctx: Ctx) {
    super();
    this.composer = new QuizComposer(ctx);
    this.cards = new KeyedList(
      h('div', { class: 'poll-list quiz-list' }),
      (q) => q.id,
      (q) => new QuizRunCard(ctx, q),
    );
    this.el = h(
      'section',
      { class: 'polls-layout quiz-layout' },
      h('div', { class: 'col-compose' }, this.composer.el),
      h(
        'div',
        { class: 'col-list' },
        h('div', { class: 'list-head row' }, h('h2', { class: 'grow' }, qtr('list.title'))),
        this.empty,
        this.cards.el,
      ),
    );
  }

  update(state: EventState): void {
    // Running first, then drafts, then ended; the newest first within each.
    const order = { running: 0, draft: 1, ended: 2 } as const;
    const quizzes = [...state.quizzes].sort((a, b) => order[a.status] - order[b.status] || b.createdAt - a.createdAt);
    this.cards.update(quizzes);
    this.empty.classList.toggle('hidden', quizzes.length > 0);
    const running = quizzes.some((q) => q.status === 'running');
    if (running && !this.timer) this.timer = setInterval(() => this.tick(), 250);
    if (!running && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    const state = this.ctx.state();
    if (!state) return;
    for (const quiz of state.quizzes) if (quiz.status === 'running') this.cards.get(quiz.id)?.tick();
  }
}
