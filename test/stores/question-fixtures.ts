import type { QuestionStore, UpvoteLimit } from '../../src/qa/question.store.js';
import type { StoredQuestion } from '../../src/qa/question.types.js';

let created = 1_000;

/** A limit no test reaches unless it means to. */
export const ROOMY: UpvoteLimit = { points: 1_000_000, windowMs: 60_000 };

/** A new question as the service would store it (approved unless told otherwise), each newer than the last. */
export function question(id: string, extra: Partial<StoredQuestion> = {}): StoredQuestion {
  created += 10;
  return {
    id,
    text: `Is ${id} safe, "really"? 安全吗`,
    author: { name: 'Ana', country: 'DE', koc: true },
    authorId: 'a-ana',
    anonymous: false,
    flagged: false,
    status: 'approved',
    featured: false,
    upvotes: 0,
    createdAt: created,
    rev: 0,
    ...extra,
  };
}

export const byId = (qs: StoredQuestion[]): StoredQuestion[] => [...qs].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every kind of write: ask, update, upvote, unvote, merge, settings (seq ends at 6). */
export async function forumSession(store: QuestionStore, ev: string): Promise<void> {
  await store.ask(ev, question('q1'));
  await store.ask(ev, question('q2', { status: 'pending' }));
  await store.upvote(ev, 'q1', 'u1', ROOMY);
  await store.upvote(ev, 'q1', 'u2', ROOMY);
  await store.unvote(ev, 'q1', 'u2', ROOMY);
  await store.update(ev, 'q2', 0, { status: 'answered', answer: 'Yes.' });
  await store.upvote(ev, 'q2', 'u3', ROOMY);
  await store.merge(ev, 'q1', 'q2', [0, 1]);
  await store.setModeration(ev, false);
}
