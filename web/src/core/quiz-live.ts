// The quiz's side of the live connection (PROTOCOL section 10): its broadcasts patch the snapshot
// (quizzes, myQuiz, quizBoards) in seq order, and what the snapshot does not hold is kept here:
// the answer counts of each reveal, the answers so far to the running question, my last result,
// and the server's clock as each question's start told it.
import type { Socket } from 'socket.io-client';
import type { CountryStanding, MyQuiz, Quiz, QuizMe, Standing } from '../../../src/quiz/quiz.types.js';
import type { ClientEvents, EventState, ServerEvents } from './types.js';

export type {
  CountryStanding,
  MyQuiz,
  Quiz,
  QuizMe,
  QuizOption,
  QuizQuestion,
  Standing,
} from '../../../src/quiz/quiz.types.js';

export interface QuizHooks {
  /** Applies a change of state in seq order (LiveEvent's own rule). */
  ordered(message: { seq: number }, apply: (state: EventState) => void): void;
  /** A counter's version: false when older than the one held. */
  fresh(name: string, version: number): boolean;
  /** Something changed: draw again. */
  changed(): void;
  state(): EventState | null;
}

export interface Answered {
  questionId: string;
  answered: number;
}

/** The quiz to show: the running one (the latest started), else the one ended last. */
export function quizOnStage(quizzes: readonly Quiz[]): Quiz | undefined {
  const running = quizzes.filter((q) => q.status === 'running');
  if (running.length) return [...running].sort((a, b) => lastMove(b) - lastMove(a))[0];
  const ended = quizzes.filter((q) => q.status === 'ended');
  return [...ended].sort((a, b) => lastMove(b) - lastMove(a))[0];
}

/** When the quiz last moved, as far as its data tells (the start of its last question). */
export function lastMove(quiz: Quiz): number {
  return quiz.current?.startsAt ?? quiz.createdAt;
}

export type Phase = 'ready' | 'question' | 'closed' | 'reveal' | 'ended';

/** Where a quiz is: waiting for its first question, a question running or closed, revealed, or ended. */
export function phaseOf(quiz: Quiz, serverNow: number): Phase {
  if (quiz.status === 'ended') return 'ended';
  const current = quiz.current;
  if (!current) return 'ready';
  if (current.phase === 'reveal') return 'reveal';
  return current.closed || serverNow >= current.endsAt ? 'closed' : 'question';
}

/** How many questions the quiz has (the audience and screens hold only those asked so far). */
export function questionTotal(quiz: Quiz): number {
  return (quiz as Quiz & { questionCount?: number }).questionCount ?? quiz.questions.length;
}

/** The quiz as this role may see it now, when a broadcast carries it. */
function carried(message: object): Quiz | undefined {
  return (message as { quiz?: Quiz }).quiz;
}

/** Seconds left (rounded up), on the server's clock. */
export function secondsLeft(endsAt: number, serverNow: number): number {
  return Math.max(0, Math.ceil((endsAt - serverNow) / 1000));
}

export class QuizLive {
  /** Server time minus this device's clock: from the snapshot, then from each question's start. */
  private clockOffset = 0;
  private readonly counts = new Map<string, Record<string, number>>();
  private readonly answeredNow = new Map<string, Answered>();
  private readonly mine = new Map<string, QuizMe>();

  constructor(
    socket: Socket<ServerEvents, ClientEvents>,
    private readonly hooks: QuizHooks,
  ) {
    socket.on('state', (state) => {
      this.clockOffset = state.serverTime - Date.now();
    });
    this.listenLifeCycle(socket);
    this.listenResults(socket);
  }

  /** The server's clock now, as well as this device can tell it. */
  serverNow(): number {
    return Date.now() + this.clockOffset;
  }

  /** The answer counts of a revealed question (when this page saw its reveal). */
  countsOf(quizId: string, questionId: string): Record<string, number> | undefined {
    return this.counts.get(`${quizId}/${questionId}`);
  }

  /** Answers so far to the running question (operators and screens). */
  answered(quizId: string): Answered | undefined {
    return this.answeredNow.get(quizId);
  }

  /** My result of the last question revealed (audience). */
  me(quizId: string): QuizMe | undefined {
    return this.mine.get(quizId);
  }

  /** My answer stored by the server: kept in the snapshot's part until the next snapshot. */
  answeredByMe(quizId: string, questionId: string, optionId: string): void {
    const state = this.hooks.state();
    if (!state) return;
    const held: MyQuiz = state.myQuiz[quizId] ?? { answers: {}, total: 0, rank: null, streak: 0 };
    state.myQuiz[quizId] = { ...held, answers: { ...held.answers, [questionId]: optionId } };
  }

  /** Changes the quiz held (or first takes the one the broadcast carries: a draft the audience never had). */
  private patch(state: EventState, quizId: string, message: object, change: (quiz: Quiz) => Quiz): void {
    const at = state.quizzes.findIndex((q) => q.id === quizId);
    const base = carried(message) ?? state.quizzes[at];
    if (!base) return;
    if (at >= 0) state.quizzes[at] = change(base);
    else state.quizzes.unshift(change(base));
  }

  private boards(state: EventState, quizId: string, leaderboard: Standing[], countries: CountryStanding[]): void {
    state.quizBoards = { ...state.quizBoards, [quizId]: { leaderboard, countries } };
  }

  /** Created or changed, a question starts, a question closes. */
  private listenLifeCycle(s: Socket<ServerEvents, ClientEvents>): void {
    const { ordered } = this.hooks;
    s.on('quiz:updated', (m) =>
      ordered(m, (state) => {
        const at = state.quizzes.findIndex((q) => q.id === m.quiz.id);
        if (at >= 0) state.quizzes[at] = m.quiz;
        else state.quizzes.unshift(m.quiz);
      }),
    );
    s.on('quiz:question', (m) => {
      // The freshest measure of the server's clock (a few ms late: the trip).
      this.clockOffset = m.serverTime - Date.now();
      ordered(m, (state) =>
        this.patch(state, m.quizId, m, (quiz) => ({
          ...quiz,
          status: 'running',
          questions: Object.assign([...quiz.questions], { [m.index]: m.question }),
          current: { index: m.index, phase: 'question', startsAt: m.startsAt, endsAt: m.endsAt, closed: false },
        })),
      );
    });
    s.on('quiz:closed', (m) =>
      ordered(m, (state) =>
        this.patch(state, m.quizId, m, (quiz) =>
          quiz.current && quiz.questions[quiz.current.index]?.id === m.questionId
            ? { ...quiz, current: { ...quiz.current, closed: true } }
            : quiz,
        ),
      ),
    );
  }

  /** Reveals, my result, the end, the answers so far. */
  private listenResults(s: Socket<ServerEvents, ClientEvents>): void {
    const { ordered, fresh, changed } = this.hooks;
    s.on('quiz:reveal', (m) => {
      this.counts.set(`${m.quizId}/${m.questionId}`, m.counts);
      ordered(m, (state) => {
        this.patch(state, m.quizId, m, (quiz) => ({
          ...quiz,
          questions: quiz.questions.map((q) => (q.id === m.questionId ? { ...q, correct: m.correct } : q)),
          current:
            quiz.current && quiz.questions[quiz.current.index]?.id === m.questionId
              ? { ...quiz.current, phase: 'reveal', closed: true }
              : quiz.current,
        }));
        this.boards(state, m.quizId, m.leaderboard, m.countries);
      });
    });
    s.on('quiz:me', (m) => {
      this.mine.set(m.quizId, m);
      const state = this.hooks.state();
      if (!state) return;
      const held = state.myQuiz[m.quizId];
      state.myQuiz[m.quizId] = { answers: held?.answers ?? {}, total: m.total, rank: m.rank, streak: m.streak };
      changed();
    });
    s.on('quiz:ended', (m) =>
      ordered(m, (state) => {
        this.patch(state, m.quizId, m, (quiz) => ({ ...quiz, status: 'ended' }));
        this.boards(state, m.quizId, m.leaderboard, m.countries);
      }),
    );
    s.on('quiz:answers', (m) => {
      if (!fresh(`quiz:${m.quizId}`, m.version)) return;
      this.answeredNow.set(m.quizId, { questionId: m.questionId, answered: m.answered });
      changed();
    });
  }
}
