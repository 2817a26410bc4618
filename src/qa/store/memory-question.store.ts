import type { MemoryEventClock } from '../../realtime/event-clock.js';
import type {
  MergeResult,
  QuestionPatch,
  QuestionStore,
  UpdateResult,
  UpvoteLimit,
  UpvoteResult,
} from '../question.store.js';
import { isPublic, type StoredQuestion } from '../question.types.js';

interface Forum {
  questions: Map<string, StoredQuestion>;
  voters: Map<string, Set<string>>;
  moderation: boolean | null;
  /** Per voter, upvotes and unvotes in the current window and when it ends (epoch ms). */
  used: Map<string, { count: number; endsAt: number }>;
}

/** Embedded mode: each method is synchronous between its awaits, hence atomic in one process. */
export class MemoryQuestionStore implements QuestionStore {
  private readonly forums = new Map<string, Forum>();

  constructor(private readonly clock: MemoryEventClock) {}

  private forum(eventId: string): Forum {
    let forum = this.forums.get(eventId);
    if (!forum) {
      forum = { questions: new Map(), voters: new Map(), moderation: null, used: new Map() };
      this.forums.set(eventId, forum);
    }
    return forum;
  }

  private view(forum: Forum, q: StoredQuestion): StoredQuestion {
    return { ...structuredClone(q), upvotes: forum.voters.get(q.id)?.size ?? 0 };
  }

  ask(eventId: string, question: StoredQuestion): Promise<number> {
    const forum = this.forum(eventId);
    forum.questions.set(question.id, { ...structuredClone(question), upvotes: 0 });
    forum.voters.set(question.id, new Set());
    return Promise.resolve(this.clock.nextSeq(eventId));
  }

  get(eventId: string, id: string): Promise<StoredQuestion | null> {
    const forum = this.forum(eventId);
    const q = forum.questions.get(id);
    return Promise.resolve(q ? this.view(forum, q) : null);
  }

  list(eventId: string): Promise<StoredQuestion[]> {
    const forum = this.forum(eventId);
    return Promise.resolve([...forum.questions.values()].map((q) => this.view(forum, q)));
  }

  update(eventId: string, id: string, rev: number, patch: QuestionPatch): Promise<UpdateResult> {
    const forum = this.forum(eventId);
    const q = forum.questions.get(id);
    if (!q) return Promise.resolve({ kind: 'missing' });
    if (q.rev !== rev) return Promise.resolve({ kind: 'stale' });
    if (patch.status !== undefined) q.status = patch.status;
    if (patch.featured !== undefined) q.featured = patch.featured;
    if (patch.answer === null) delete q.answer;
    else if (patch.answer !== undefined) q.answer = patch.answer;
    q.rev += 1;
    // Upvote counts of questions entering or leaving the public view change what the ticker sends.
    this.clock.bump(eventId, 'qa');
    return Promise.resolve({ kind: 'changed', question: this.view(forum, q), seq: this.clock.nextSeq(eventId) });
  }

  upvote(eventId: string, id: string, voterId: string, limit: UpvoteLimit): Promise<UpvoteResult> {
    return Promise.resolve(this.vote(eventId, id, voterId, true, limit));
  }

  unvote(eventId: string, id: string, voterId: string, limit: UpvoteLimit): Promise<UpvoteResult> {
    return Promise.resolve(this.vote(eventId, id, voterId, false, limit));
  }

  private vote(eventId: string, id: string, voterId: string, up: boolean, limit: UpvoteLimit): UpvoteResult {
    const forum = this.forum(eventId);
    const now = Date.now();
    let used = forum.used.get(voterId);
    if (!used || used.endsAt <= now) forum.used.set(voterId, (used = { count: 0, endsAt: now + limit.windowMs }));
    used.count += 1;
    if (used.count > limit.points) return { kind: 'limited', retryAfterMs: used.endsAt - now };
    const q = forum.questions.get(id);
    const voters = forum.voters.get(id);
    if (!q || !voters || !isPublic(q)) return { kind: 'missing' };
    const changed = up ? !voters.has(voterId) : voters.has(voterId);
    if (changed) {
      if (up) voters.add(voterId);
      else voters.delete(voterId);
      this.clock.bump(eventId, 'qa');
    }
    return { kind: 'ok', upvotes: voters.size };
  }

  merge(eventId: string, id: string, intoId: string, revs: [number, number]): Promise<MergeResult> {
    const forum = this.forum(eventId);
    const from = forum.questions.get(id);
    const into = forum.questions.get(intoId);
    if (!from || !into) return Promise.resolve({ kind: 'missing' });
    if (from.rev !== revs[0] || into.rev !== revs[1]) return Promise.resolve({ kind: 'stale' });
    const voters = forum.voters.get(intoId) as Set<string>;
    for (const v of forum.voters.get(id) ?? []) voters.add(v);
    from.mergedInto = intoId;
    from.featured = false;
    from.rev += 1;
    into.rev += 1;
    this.clock.bump(eventId, 'qa');
    this.clock.nextSeq(eventId);
    const seq = this.clock.nextSeq(eventId);
    return Promise.resolve({ kind: 'merged', kept: this.view(forum, into), merged: this.view(forum, from), seq });
  }

  upvotedBy(eventId: string, voterId: string): Promise<string[]> {
    const forum = this.forum(eventId);
    const ids = [...forum.voters].filter(([, voters]) => voters.has(voterId)).map(([id]) => id);
    return Promise.resolve(ids.filter((id) => !forum.questions.get(id)?.mergedInto));
  }

  upvoteCounts(eventId: string, limit: number): Promise<{ version: number; counts: Record<string, number> }> {
    const forum = this.forum(eventId);
    const ranked = [...forum.questions.values()]
      .filter(isPublic)
      .map((q): [string, number] => [q.id, forum.voters.get(q.id)?.size ?? 0])
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
    return Promise.resolve({ version: this.clock.version(eventId, 'qa'), counts: Object.fromEntries(ranked) });
  }

  moderation(eventId: string): Promise<boolean | null> {
    return Promise.resolve(this.forum(eventId).moderation);
  }

  setModeration(eventId: string, on: boolean): Promise<number> {
    this.forum(eventId).moderation = on;
    return Promise.resolve(this.clock.nextSeq(eventId));
  }

  erasePerson(eventId: string, personId: string, standIn: string): Promise<void> {
    const forum = this.forums.get(eventId);
    if (!forum) return Promise.resolve();
    let changed = false;
    for (const q of forum.questions.values()) {
      if (q.authorId !== personId) continue;
      q.author = { name: null, country: null, koc: q.author.koc };
      q.authorId = '';
      q.anonymous = true;
      q.rev += 1;
      changed = true;
    }
    // Cached snapshots are read again; clients that see the seq gap resync.
    if (changed) {
      this.clock.bump(eventId, 'qa');
      this.clock.nextSeq(eventId);
    }
    for (const voters of forum.voters.values()) {
      if (voters.delete(personId)) voters.add(standIn);
    }
    forum.used.delete(personId);
    return Promise.resolve();
  }

  reset(eventId: string): Promise<void> {
    const forum = this.forums.get(eventId);
    if (!forum) return Promise.resolve();
    forum.questions.clear();
    forum.voters.clear();
    forum.used.clear();
    this.clock.bump(eventId, 'qa');
    return Promise.resolve();
  }

  deleteEvent(eventId: string): Promise<void> {
    this.forums.delete(eventId);
    return Promise.resolve();
  }
}
