import { AppError } from '../common/errors.js';
import type { QuestionPatch } from './question.store.js';
import type { ModerateAction, OperatorQuestion, Question, StoredQuestion } from './question.types.js';

/** What the audience and screens see: no author id, no name on an anonymous question. */
export function publicView(q: StoredQuestion): Question {
  const view: Question = {
    id: q.id,
    text: q.text,
    author: { name: q.anonymous ? null : q.author.name, country: q.author.country, koc: q.author.koc },
    status: q.status,
    featured: q.featured,
    upvotes: q.upvotes,
    createdAt: q.createdAt,
  };
  if (q.lang !== undefined) view.lang = q.lang;
  if (q.answer !== undefined) view.answer = q.answer;
  if (q.mergedInto !== undefined) view.mergedInto = q.mergedInto;
  return view;
}

export function operatorView(q: StoredQuestion): OperatorQuestion {
  return {
    ...publicView(q),
    author: { ...q.author },
    authorId: q.authorId,
    anonymous: q.anonymous,
    flagged: q.flagged,
  };
}

/**
 * The change a moderation action makes; null when it would change nothing, CONFLICT when it does
 * not apply. approve: pending/rejected -> approved. reject: -> rejected. answer: -> answered (with
 * the text, if any). feature: approves a pending one too. restore: rejected/answered -> approved.
 */
export function moderationPatch(q: StoredQuestion, action: ModerateAction, answer?: string): QuestionPatch | null {
  if (q.mergedInto !== undefined) throw new AppError('CONFLICT', `Question ${q.id} is merged into ${q.mergedInto}`);
  const conflict = (why: string): never => {
    throw new AppError('CONFLICT', `Cannot ${action} question ${q.id}: ${why}`);
  };
  switch (action) {
    case 'approve':
      if (q.status === 'answered') conflict('it is answered (restore it instead)');
      if (q.status === 'approved') return null;
      return q.answer === undefined ? { status: 'approved' } : { status: 'approved', answer: null };
    case 'reject':
      return q.status === 'rejected' ? null : { status: 'rejected', featured: false };
    case 'answer':
      if (q.status === 'rejected') conflict('it is rejected');
      if (q.status === 'answered' && (answer === undefined || answer === q.answer)) return null;
      return { status: 'answered', featured: false, ...(answer !== undefined ? { answer } : {}) };
    case 'feature':
      if (q.status === 'rejected') conflict('it is rejected');
      if (q.featured) return null;
      return q.status === 'pending' ? { status: 'approved', featured: true } : { featured: true };
    case 'unfeature':
      return q.featured ? { featured: false } : null;
    case 'restore':
      if (q.status === 'pending' || q.status === 'approved') return null;
      return { status: 'approved', answer: null };
  }
}
