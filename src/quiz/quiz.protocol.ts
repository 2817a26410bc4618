import type { AckFn } from '../realtime/protocol.js';
import type { CountryStanding, MyQuiz, Quiz, QuizAnswerAck, QuizMe, QuizQuestion, Standing } from './quiz.types.js';

/** The quiz (PROTOCOL section 10): commands; payloads are validated by the DTOs. */
export interface QuizCommands {
  'quiz:create': (payload: unknown, ack: AckFn<Quiz>) => void;
  'quiz:next': (payload: { quizId: string }, ack: AckFn<Quiz>) => void;
  'quiz:reveal': (payload: { quizId: string }, ack: AckFn<Quiz>) => void;
  'quiz:end': (payload: { quizId: string }, ack: AckFn<Quiz>) => void;
  'quiz:answer': (payload: { quizId: string; questionId: string; optionId: string }, ack: AckFn<QuizAnswerAck>) => void;
}

export interface QuizBroadcasts {
  /** Added: a quiz was created (operators only: drafts are theirs) or changed outside a question's life cycle. */
  'quiz:updated': (payload: { seq: number; quiz: Quiz }) => void;
  /** A question starts: no `correct`; clients count down against `serverTime`. */
  'quiz:question': (payload: {
    seq: number;
    quizId: string;
    index: number;
    question: QuizQuestion;
    startsAt: number;
    endsAt: number;
    serverTime: number;
    /** Added: the quiz as this role may see it now (the audience may not have had it while a draft). */
    quiz?: Quiz;
  }) => void;
  /** Added: the running question stopped taking answers (its deadline, on the server's clock). */
  'quiz:closed': (payload: { seq: number; quizId: string; questionId: string; quiz?: Quiz }) => void;
  'quiz:reveal': (payload: {
    seq: number;
    quizId: string;
    questionId: string;
    correct: string[];
    counts: Record<string, number>;
    leaderboard: Standing[];
    countries: CountryStanding[];
    /** Added: the quiz as this role may see it now. */
    quiz?: Quiz;
  }) => void;
  /** To each person who played, on every socket of theirs, after each reveal. */
  'quiz:me': (payload: QuizMe) => void;
  'quiz:ended': (payload: {
    seq: number;
    quizId: string;
    leaderboard: Standing[];
    countries: CountryStanding[];
    /** Added: the quiz as this role may see it now. */
    quiz?: Quiz;
  }) => void;
  /** Added (operators and screens, on the ticker): answers so far to the running question. */
  'quiz:answers': (payload: { version: number; quizId: string; questionId: string; answered: number }) => void;
}

/** The quiz's part of the snapshot. */
export interface QuizPart {
  /** Operators: every quiz with `correct`; others: not drafts, `correct` only of revealed questions. */
  quizzes: Quiz[];
  /** Audience only: the person's answers, total, rank and streak per quiz; others: empty. */
  myQuiz: Record<string, MyQuiz>;
  /** Added: each non-draft quiz's current boards (top BOARD_TOP_N), so a screen that joins late shows them. */
  quizBoards: Record<string, { leaderboard: Standing[]; countries: CountryStanding[] }>;
}

/** One quiz in the event's report (PROTOCOL section 11). */
export interface QuizReportItem {
  /** As operators see it (with `correct`). */
  quiz: Quiz;
  /** People who answered at least once. */
  players: number;
  /** Every player, ranked. */
  leaderboard: Standing[];
  /** Every ranked country. */
  countries: CountryStanding[];
}

/** The quizzes' part of the event's report (PROTOCOL section 11). */
export interface QuizReport {
  /** Oldest first, drafts included. */
  quizzes: QuizReportItem[];
}
