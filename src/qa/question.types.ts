export const QUESTION_STATUSES = ['pending', 'approved', 'answered', 'rejected'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const MODERATE_ACTIONS = ['approve', 'reject', 'answer', 'feature', 'unfeature', 'restore'] as const;
export type ModerateAction = (typeof MODERATE_ACTIONS)[number];

/** A question as everyone may see it (PROTOCOL section 5). */
export interface Question {
  id: string;
  text: string;
  lang?: string;
  author: { name: string | null; country: string | null; koc: boolean };
  status: QuestionStatus;
  featured: boolean;
  upvotes: number;
  createdAt: number;
  answer?: string;
  mergedInto?: string;
}

/** What operators see on top: who asked, whether it was anonymous, why it is held. */
export interface OperatorQuestion extends Question {
  authorId: string;
  anonymous: boolean;
  /** Held for a moderator because the profanity filter tripped. */
  flagged: boolean;
}

/** The stored record: the operator's view plus a revision for compare-and-set moderation. */
export interface StoredQuestion extends OperatorQuestion {
  rev: number;
}

/** Featured first, then upvotes (high to low), then oldest first: the one order for everyone. */
export function compareQuestions(a: Question, b: Question): number {
  if (a.featured !== b.featured) return a.featured ? -1 : 1;
  if (a.upvotes !== b.upvotes) return b.upvotes - a.upvotes;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The audience and screens see approved and answered questions that were not merged away. */
export function isPublic(q: Pick<Question, 'status' | 'mergedInto'>): boolean {
  return (q.status === 'approved' || q.status === 'answered') && q.mergedInto === undefined;
}
