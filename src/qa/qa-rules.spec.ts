import { AppError } from '../common/errors.js';
import { moderationPatch, operatorView, publicView } from './qa-rules.js';
import { compareQuestions, isPublic, type StoredQuestion } from './question.types.js';

const question = (over: Partial<StoredQuestion> = {}): StoredQuestion => ({
  id: 'q1',
  text: 'Will it charge both ways?',
  author: { name: 'Ana', country: 'ES', koc: true },
  authorId: 'a-1',
  anonymous: false,
  flagged: false,
  status: 'pending',
  featured: false,
  upvotes: 0,
  createdAt: 100,
  rev: 0,
  ...over,
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('moderationPatch', () => {
  it('moves questions through the forum life cycle', () => {
    expect(moderationPatch(question(), 'approve')).toEqual({ status: 'approved' });
    expect(moderationPatch(question({ status: 'rejected' }), 'approve')).toEqual({ status: 'approved' });
    expect(moderationPatch(question({ status: 'rejected', answer: 'old' }), 'approve')).toEqual({
      status: 'approved',
      answer: null,
    });
    expect(moderationPatch(question({ featured: true }), 'reject')).toEqual({ status: 'rejected', featured: false });
    expect(moderationPatch(question({ status: 'approved', featured: true }), 'answer', 'Yes')).toEqual({
      status: 'answered',
      featured: false,
      answer: 'Yes',
    });
    expect(moderationPatch(question({ status: 'approved' }), 'answer')).toEqual({
      status: 'answered',
      featured: false,
    });
    expect(moderationPatch(question(), 'feature')).toEqual({ status: 'approved', featured: true });
    expect(moderationPatch(question({ status: 'approved' }), 'feature')).toEqual({ featured: true });
    expect(moderationPatch(question({ status: 'approved', featured: true }), 'unfeature')).toEqual({ featured: false });
    expect(moderationPatch(question({ status: 'answered', answer: 'Yes' }), 'restore')).toEqual({
      status: 'approved',
      answer: null,
    });
    expect(moderationPatch(question({ status: 'rejected' }), 'restore')).toEqual({ status: 'approved', answer: null });
  });

  it('returns null for an action that would change nothing', () => {
    expect(moderationPatch(question({ status: 'approved' }), 'approve')).toBeNull();
    expect(moderationPatch(question({ status: 'rejected' }), 'reject')).toBeNull();
    expect(moderationPatch(question({ featured: true, status: 'approved' }), 'feature')).toBeNull();
    expect(moderationPatch(question(), 'unfeature')).toBeNull();
    expect(moderationPatch(question({ status: 'approved' }), 'restore')).toBeNull();
    expect(moderationPatch(question({ status: 'answered', answer: 'Yes' }), 'answer', 'Yes')).toBeNull();
  });

  it('refuses actions that do not apply with CONFLICT', () => {
    expect(code(() => moderationPatch(question({ status: 'answered' }), 'approve'))).toBe('CONFLICT');
    expect(code(() => moderationPatch(question({ status: 'rejected' }), 'feature'))).toBe('CONFLICT');
    expect(code(() => moderationPatch(question({ status: 'rejected' }), 'answer'))).toBe('CONFLICT');
    expect(code(() => moderationPatch(question({ mergedInto: 'q2' }), 'approve'))).toBe('CONFLICT');
  });
});

describe('views and order', () => {
  it('hides who asked from everyone but operators', () => {
    const q = question({ anonymous: true, status: 'approved' });
    expect(publicView(q)).toEqual({
      id: 'q1',
      text: q.text,
      author: { name: null, country: 'ES', koc: true },
      status: 'approved',
      featured: false,
      upvotes: 0,
      createdAt: 100,
    });
    expect(operatorView(q)).toMatchObject({
      author: { name: 'Ana' },
      authorId: 'a-1',
      anonymous: true,
      flagged: false,
    });
    expect(operatorView(q)).not.toHaveProperty('rev');
  });

  it('shows approved and answered questions that were not merged', () => {
    expect(isPublic(question())).toBe(false);
    expect(isPublic(question({ status: 'approved' }))).toBe(true);
    expect(isPublic(question({ status: 'answered' }))).toBe(true);
    expect(isPublic(question({ status: 'rejected' }))).toBe(false);
    expect(isPublic(question({ status: 'approved', mergedInto: 'q2' }))).toBe(false);
  });

  it('orders featured first, then upvotes high to low, then oldest first', () => {
    const list = [
      question({ id: 'old-few', upvotes: 1, createdAt: 1 }),
      question({ id: 'new-many', upvotes: 5, createdAt: 9 }),
      question({ id: 'featured', upvotes: 0, createdAt: 5, featured: true }),
      question({ id: 'older-many', upvotes: 5, createdAt: 2 }),
    ];
    expect(list.sort(compareQuestions).map((q) => q.id)).toEqual(['featured', 'older-many', 'new-many', 'old-few']);
  });
});
