// The quiz on the big screen: the question with a big countdown on the server's clock, the answer
// distribution at the reveal (the right option marked by a word and a tick, not by colour alone),
// the top ten people and the countries' board, and the podium at the end.
import '../../styles/quiz.css';
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, locale, pickText } from '../core/i18n.js';
import { countryLabel, countryName } from '../core/names.js';
import {
  phaseOf,
  questionTotal,
  secondsLeft,
  type CountryStanding,
  type Phase,
  type Quiz,
  type QuizLive,
  type QuizQuestion,
  type Standing,
} from '../core/quiz-live.js';
import type { EventState } from '../core/types.js';
import { qt, type QuizKey } from './words.js';
import { header, lengthClass, pill, userText } from './view.js';

const LETTERS = 'ABCDEFGHIJKL';

function letter(i: number): HTMLElement {
  return h('span', { class: 'quiz-letter', attrs: { 'aria-hidden': 'true' } }, LETTERS[i] ?? String(i + 1));
}

function personRow(row: Standing): HTMLElement {
  return h(
    'li',
    { class: 'quiz-rank-row', data: { rank: String(row.rank), person: row.id } },
    h('span', { class: 'quiz-rank' }, formatNumber(row.rank)),
    h('span', { class: 'quiz-who', attrs: { dir: 'auto' } }, row.name ?? qt('anonymous')),
    h('span', { class: 'quiz-from' }, countryName(row.country)),
    h('span', { class: 'quiz-pts' }, formatNumber(row.points)),
  );
}

function countryRow(row: CountryStanding): HTMLElement {
  return h(
    'li',
    { class: 'quiz-rank-row', data: { rank: String(row.rank), country: row.country } },
    h('span', { class: 'quiz-rank' }, formatNumber(row.rank)),
    h('span', { class: 'quiz-who' }, countryLabel(row.country)),
    h('span', { class: 'quiz-from' }, qt('people', { n: formatNumber(row.people) })),
    h('span', { class: 'quiz-pts' }, formatNumber(row.points)),
  );
}

function board(kind: 'people' | 'countries', title: string, rows: HTMLElement[], empty: string): HTMLElement {
  return h(
    'section',
    { class: `quiz-board quiz-board-${kind}` },
    h('h2', { class: 'quiz-board-title' }, title),
    rows.length ? h('ol', { class: 'quiz-ranking' }, ...rows) : h('p', { class: 'quiz-board-empty' }, empty),
  );
}

export class QuizScene extends View<EventState> {
  readonly el: HTMLElement;
  private readonly kicker = h('div', { class: 'kicker' });
  private readonly title = h('h1', { class: 'scene-title quiz-scene-title', attrs: { dir: 'auto' } });
  private readonly body = h('div', { class: 'quiz-scene-body' });
  private clockNum: HTMLElement | null = null;
  private clockBar: HTMLElement | null = null;
  private answered: HTMLElement | null = null;
  private quiz: Quiz | undefined;
  private seen = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    quizId: string,
    private readonly live: () => QuizLive | null,
  ) {
    super();
    this.el = h(
      'section',
      { class: 'scene scene-quiz', data: { quiz: quizId } },
      header(this.kicker, this.title),
      this.body,
    );
  }

  private now(): number {
    return this.live()?.serverNow() ?? Date.now();
  }

  update(state: EventState): void {
    const quiz = state.quizzes.find((q) => q.id === this.el.dataset.quiz);
    this.quiz = quiz;
    if (!quiz) return;
    const phase = phaseOf(quiz, this.now());
    const question = quiz.current ? quiz.questions[quiz.current.index] : undefined;
    const counts = question ? this.live()?.countsOf(quiz.id, question.id) : undefined;
    const boards = phase === 'reveal' || phase === 'ended' ? state.quizBoards[quiz.id] : undefined;
    const sig = JSON.stringify([phase, quiz.current?.index, question, counts, boards, quiz.title, locale()]);
    this.el.dataset.phase = phase;
    if (sig !== this.seen) {
      this.seen = sig;
      this.draw(quiz, phase, question, counts, boards);
    }
    this.tick();
    if (phase === 'question' && !this.timer) this.timer = setInterval(() => this.tick(), 200);
    if (phase !== 'question') this.destroy();
  }

  destroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The clock and the answers so far; at the deadline (the server's clock) the scene closes the question. */
  private tick(): void {
    const quiz = this.quiz;
    if (!quiz) return;
    const now = this.now();
    const current = quiz.current;
    if (this.el.dataset.phase === 'question' && phaseOf(quiz, now) !== 'question') {
      this.seen = '';
      const question = current ? quiz.questions[current.index] : undefined;
      this.el.dataset.phase = phaseOf(quiz, now);
      this.draw(quiz, phaseOf(quiz, now), question, undefined, undefined);
      this.destroy();
    }
    if (current && this.clockNum) {
      this.clockNum.textContent = formatNumber(secondsLeft(current.endsAt, now));
      this.clockNum.parentElement?.classList.toggle('urgent', current.endsAt - now <= 5000);
      const share = Math.max(0, Math.min(1, (current.endsAt - now) / Math.max(1, current.endsAt - current.startsAt)));
      if (this.clockBar) this.clockBar.style.width = `${(share * 100).toFixed(1)}%`;
    }
    const question = current ? quiz.questions[current.index] : undefined;
    const so = this.live()?.answered(quiz.id);
    if (this.answered && question && so?.questionId === question.id)
      this.answered.textContent = qt('answers', {
        count: so.answered,
        n: formatNumber(so.answered),
      });
  }

  private draw(
    quiz: Quiz,
    phase: Phase,
    question: QuizQuestion | undefined,
    counts: Record<string, number> | undefined,
    boards: { leaderboard: Standing[]; countries: CountryStanding[] } | undefined,
  ): void {
    this.clockNum = null;
    this.clockBar = null;
    this.answered = null;
    this.title.textContent = pickText(quiz.title, locale());
    const step =
      quiz.current && phase !== 'ended'
        ? qt('questionOf', {
            n: formatNumber(quiz.current.index + 1),
            total: formatNumber(questionTotal(quiz)),
          })
        : null;
    fill(
      this.kicker,
      pill(qt('quiz'), phase === 'question' ? 'live' : 'accent'),
      step ? pill(step) : null,
      phase === 'closed' ? pill(qt('timeUp'), 'warn') : null,
      phase === 'reveal' ? pill(qt('results'), 'done') : null,
      phase === 'ended' ? pill(qt('final'), 'done') : null,
    );
    if (phase === 'ended') fill(this.body, this.podium(boards));
    else if (phase === 'ready' || !question) fill(this.body, this.ready());
    else if (phase === 'reveal') fill(this.body, this.reveal(question, counts, boards));
    else fill(this.body, this.question(question, phase));
  }

  private ready(): HTMLElement {
    return h(
      'div',
      { class: 'quiz-ready' },
      h('p', { class: 'quiz-ready-big' }, qt('getReady')),
      h('p', { class: 'quiz-ready-sub' }, qt('scanToPlay')),
    );
  }

  private question(question: QuizQuestion, phase: Phase): HTMLElement {
    const text = pickText(question.text, locale());
    this.clockNum = h('span', { class: 'quiz-clock-num' });
    this.clockBar = h('span', { class: 'quiz-clock-fill' });
    this.answered = h('p', { class: 'quiz-foot' });
    const clock =
      phase === 'question'
        ? h(
            'div',
            { class: 'quiz-clock-big', attrs: { role: 'timer' } },
            this.clockNum,
            h('span', { class: 'quiz-clock-unit' }, qt('seconds')),
          )
        : h('div', { class: 'quiz-clock-big done' }, h('span', { class: 'quiz-clock-num' }, '0'));
    return h(
      'div',
      { class: 'quiz-q-layout' },
      h('div', { class: 'quiz-q-top' }, userText('p', `quiz-big-q ${lengthClass(text)}`, text), clock),
      h('div', { class: 'quiz-clock-track', attrs: { 'aria-hidden': 'true' } }, this.clockBar),
      h(
        'ol',
        { class: `quiz-choices n${question.options.length}` },
        ...question.options.map((option, i) =>
          h(
            'li',
            { class: 'quiz-choice', data: { option: option.id } },
            letter(i),
            userText('span', 'quiz-choice-label', pickText(option.label, locale())),
          ),
        ),
      ),
      this.answered,
    );
  }

  private reveal(
    question: QuizQuestion,
    counts: Record<string, number> | undefined,
    boards: { leaderboard: Standing[]; countries: CountryStanding[] } | undefined,
  ): HTMLElement {
    const text = pickText(question.text, locale());
    const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
    const rows = question.options.map((option, i) => {
      const right = !!question.correct?.includes(option.id);
      const n = counts?.[option.id] ?? 0;
      const pct = total > 0 ? (n / total) * 100 : 0;
      return h(
        'div',
        { class: right ? 'quiz-dist-row correct' : 'quiz-dist-row', data: { option: option.id } },
        letter(i),
        userText('span', 'quiz-dist-label', pickText(option.label, locale())),
        right ? h('span', { class: 'quiz-dist-mark' }, qt('correct')) : null,
        h('span', { class: 'quiz-dist-count' }, counts ? formatNumber(n) : ''),
        h(
          'div',
          { class: 'quiz-dist-track', attrs: { 'aria-hidden': 'true' } },
          h('span', { class: 'quiz-dist-fill', style: { width: `${pct.toFixed(1)}%` } }),
        ),
      );
    });
    return h(
      'div',
      { class: 'quiz-reveal-layout' },
      h(
        'div',
        { class: 'quiz-reveal-main' },
        userText('p', `quiz-mid-q ${lengthClass(text)}`, text),
        h('div', { class: 'quiz-dist' }, ...rows),
      ),
      this.boards(boards, 10),
    );
  }

  private boards(
    boards: { leaderboard: Standing[]; countries: CountryStanding[] } | undefined,
    people: number,
  ): HTMLElement {
    return h(
      'aside',
      { class: 'quiz-side' },
      people > 0
        ? board('people', qt('top'), (boards?.leaderboard ?? []).slice(0, people).map(personRow), qt('boardEmpty'))
        : null,
      board('countries', qt('countries'), (boards?.countries ?? []).slice(0, 10).map(countryRow), qt('countriesEmpty')),
    );
  }

  private podium(boards: { leaderboard: Standing[]; countries: CountryStanding[] } | undefined): HTMLElement {
    const top = (boards?.leaderboard ?? []).slice(0, 3);
    const places: QuizKey[] = ['first', 'second', 'third'];
    const medals = ['🥇', '🥈', '🥉'];
    const steps = top.map((row, i) =>
      h(
        'div',
        { class: 'quiz-podium-step', data: { place: String(i + 1), person: row.id } },
        h('span', { class: 'quiz-medal', attrs: { 'aria-hidden': 'true' } }, medals[i] ?? ''),
        h('span', { class: 'quiz-podium-name', attrs: { dir: 'auto' } }, row.name ?? qt('anonymous')),
        h('span', { class: 'quiz-podium-from' }, row.country ? countryLabel(row.country) : ''),
        h('span', { class: 'quiz-podium-pts' }, qt('points', { n: formatNumber(row.points) })),
        h('span', { class: 'quiz-podium-block' }, qt(places[i] ?? 'third')),
      ),
    );
    return h(
      'div',
      { class: 'quiz-end-layout' },
      h(
        'section',
        { class: 'quiz-podium', attrs: { 'aria-label': qt('podium') } },
        ...(steps.length ? steps : [h('p', { class: 'quiz-board-empty' }, qt('boardEmpty'))]),
      ),
      this.boards(boards, 0),
    );
  }
}
