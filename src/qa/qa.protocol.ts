import type { AckFn } from '../realtime/protocol.js';
import type { ModerateAction, OperatorQuestion, Question, QuestionStatus } from './question.types.js';

/** The KOC forum (PROTOCOL section 5): commands. */
export interface QaCommands {
  'qa:ask': (payload: { text: string; anonymous?: boolean; lang?: string }, ack: AckFn<Question>) => void;
  'qa:upvote': (payload: { questionId: string }, ack: AckFn<{ questionId: string; upvotes: number }>) => void;
  'qa:unvote': (payload: { questionId: string }, ack: AckFn<{ questionId: string; upvotes: number }>) => void;
  'qa:moderate': (
    payload: { questionId: string; action: ModerateAction; answer?: string },
    ack: AckFn<OperatorQuestion>,
  ) => void;
  'qa:merge': (payload: { questionId: string; intoId: string }, ack: AckFn<OperatorQuestion>) => void;
  'qa:settings': (payload: { moderation: boolean }, ack: AckFn<{ moderation: boolean }>) => void;
}

export interface QaBroadcasts {
  /** Operators get OperatorQuestion (who asked, anonymous, flagged). */
  'qa:question': (payload: { seq: number; question: Question }) => void;
  'qa:removed': (payload: { seq: number; questionId: string }) => void;
  'qa:upvotes': (payload: { version: number; counts: Record<string, number> }) => void;
  /** Added: the forum's moderation setting changed. */
  'qa:settings': (payload: { seq: number; moderation: boolean }) => void;
  /** Added: to its author only, any change of one of their own questions (pending ones too). */
  'qa:mine': (payload: { question: Question }) => void;
}

/** The forum's part of the snapshot. */
export interface QaPart {
  /** Audience and screens: approved and answered, in forum order; operators: all (OperatorQuestion). */
  questions: Question[];
  /** Added: the forum's settings. */
  forum: { moderation: boolean };
  /** Audience: question ids the person upvotes; others: empty. */
  myUpvotes: string[];
  /** Added, audience only: the person's own questions, whatever their status; others: empty. */
  myQuestions: Question[];
}

/** The forum's part of the event's report (PROTOCOL section 11). */
export interface ForumReport {
  forum: {
    /** Every question asked, merged ones included. */
    total: number;
    byStatus: Record<QuestionStatus, number>;
    /** Questions asked by KOC members. */
    koc: number;
    /** Upvotes over every question (as counted, after merges). */
    upvotes: number;
    /** The 10 most upvoted questions not merged away, in forum order; erased authors have no name. */
    top: Question[];
  };
}
