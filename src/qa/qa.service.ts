import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Identity, Role } from '../auth/identity.js';
import { newId } from '../auth/token.service.js';
import { AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import { SnapshotService, type SharedPart } from '../events/snapshot.service.js';
import { Broadcaster, type TypedBroadcaster } from '../realtime/broadcaster.js';
import type { Message } from '../realtime/protocol.js';
import type { QaBroadcasts, QaPart } from './qa.protocol.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { AppError } from '../common/errors.js';
import { rateLimited } from '../limits/window-limit.js';
import { AskLimit } from './ask-limit.js';
import type { AskDto, QuestionFilterDto } from './dto/qa.dto.js';
import { isProfane } from '../common/profanity.js';
import { moderationPatch, operatorView, publicView } from './qa-rules.js';
import { QUESTION_STORE, type QuestionStore, type UpvoteLimit } from './question.store.js';
import {
  compareQuestions,
  isPublic,
  type ModerateAction,
  type OperatorQuestion,
  type Question,
  type StoredQuestion,
} from './question.types.js';

/** Upvote counts sent on every tick that moved them: the top of the ranking, what screens show. */
const UPVOTES_TOP = 200;
/** The counter (its version in the event clock) that every upvote moves. */
const UPVOTES_COUNTER = 'qa';
/** Every count there is (the store's limit). */
const ALL = Number.MAX_SAFE_INTEGER;
/** Compare-and-set attempts when two operators moderate the same question at once. */
const ATTEMPTS = 3;

/** The audience's forum context of a snapshot: every author's questions, and the ids it may see. */
type ForumContext = { byAuthor: Map<string, Question[]>; visible: Set<string> } | null;

/** The KOC forum: questions, upvotes, moderation, merges. */
@Injectable()
export class QaService implements OnModuleInit {
  /** Per event, the counts this node last sent: below the top, only the ones that moved are sent. */
  private readonly sentUpvotes = new Map<string, Map<string, number>>();
  private readonly upvoteLimit: UpvoteLimit;
  private readonly out: TypedBroadcaster<QaBroadcasts>;

  constructor(
    @Inject(QUESTION_STORE) private readonly store: QuestionStore,
    private readonly events: EventsService,
    broadcaster: Broadcaster,
    private readonly snapshots: SnapshotService,
    private readonly ticker: CounterTicker,
    private readonly askLimit: AskLimit,
    config: AppConfig,
  ) {
    this.upvoteLimit = { points: config.QA_UPVOTE_LIMIT, windowMs: 60_000 };
    this.out = broadcaster.typed<QaBroadcasts>();
  }

  onModuleInit(): void {
    this.snapshots.register<ForumContext>({
      counters: ['qa'],
      shared: (eventId, role) => this.sharedPart(eventId, role),
      personal: (identity, context) => this.personalPart(identity, context),
    });
    this.ticker.register({ prefix: UPVOTES_COUNTER, flush: (eventId) => this.flushUpvotes(eventId) });
  }

  async ask(identity: Identity, dto: AskDto): Promise<Question> {
    await this.askLimit.consume(identity.eventId, identity.id);
    const flagged = isProfane(dto.text);
    const moderation = await this.moderationOf(identity.eventId);
    const question: StoredQuestion = {
      id: newId('q-'),
      text: dto.text,
      author: { name: identity.name, country: identity.country, koc: identity.koc },
      authorId: identity.id,
      anonymous: dto.anonymous ?? false,
      flagged,
      // A question that trips the filter waits for a moderator even with moderation off.
      status: flagged || moderation ? 'pending' : 'approved',
      featured: false,
      upvotes: 0,
      createdAt: Date.now(),
      rev: 0,
    };
    if (dto.lang !== undefined) question.lang = dto.lang;
    const seq = await this.store.ask(identity.eventId, question);
    this.publish(identity.eventId, seq, null, question);
    return publicView(question);
  }

  /** A hot command: promise steps, not an async function (one promise of its own besides the store's). */
  upvote(identity: Identity, questionId: string, up: boolean): Promise<{ questionId: string; upvotes: number }> {
    const { eventId, id } = identity;
    const stored = up
      ? this.store.upvote(eventId, questionId, id, this.upvoteLimit)
      : this.store.unvote(eventId, questionId, id, this.upvoteLimit);
    return stored.then((result) => {
      if (result.kind === 'limited') throw rateLimited(result.retryAfterMs);
      if (result.kind === 'missing') throw new AppError('NOT_FOUND', `No question ${questionId} open to upvotes`);
      return { questionId, upvotes: result.upvotes };
    });
  }

  async moderate(
    identity: Identity,
    questionId: string,
    action: ModerateAction,
    answer?: string,
  ): Promise<OperatorQuestion> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const before = await this.require(identity.eventId, questionId);
      const patch = moderationPatch(before, action, answer);
      if (patch === null) return operatorView(before);
      const result = await this.store.update(identity.eventId, questionId, before.rev, patch);
      if (result.kind === 'missing') break;
      if (result.kind === 'stale') continue;
      this.publish(identity.eventId, result.seq, before, result.question);
      return operatorView(result.question);
    }
    throw new AppError('CONFLICT', `Question ${questionId} is changing: try again`);
  }

  async merge(identity: Identity, questionId: string, intoId: string): Promise<OperatorQuestion> {
    if (questionId === intoId) throw new AppError('CONFLICT', 'A question cannot be merged into itself');
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const [from, into] = await Promise.all([
        this.require(identity.eventId, questionId),
        this.require(identity.eventId, intoId),
      ]);
      if (from.mergedInto !== undefined) throw new AppError('CONFLICT', `${questionId} is merged already`);
      if (into.mergedInto !== undefined) throw new AppError('CONFLICT', `${intoId} is merged into another`);
      const result = await this.store.merge(identity.eventId, questionId, intoId, [from.rev, into.rev]);
      if (result.kind === 'missing') break;
      if (result.kind === 'stale') continue;
      // The merge raised seq twice: one change for the kept question, one for the merged one.
      this.publish(identity.eventId, result.seq - 1, into, result.kept);
      this.publish(identity.eventId, result.seq, from, result.merged);
      return operatorView(result.kept);
    }
    throw new AppError('CONFLICT', 'The questions are changing: try again');
  }

  async setModeration(identity: Identity, moderation: boolean): Promise<{ moderation: boolean }> {
    const seq = await this.store.setModeration(identity.eventId, moderation);
    this.out.everyone(identity.eventId, seq, { event: 'qa:settings', payload: { seq, moderation } });
    return { moderation };
  }

  /** The operators' list, in forum order, optionally filtered. */
  async list(eventId: string, filter: QuestionFilterDto = {}): Promise<OperatorQuestion[]> {
    const all = (await this.store.list(eventId)).sort(compareQuestions);
    return all
      .filter((q) => filter.status === undefined || q.status === filter.status)
      .filter((q) => filter.koc === undefined || q.author.koc === (filter.koc === 'true'))
      .map(operatorView);
  }

  private async moderationOf(eventId: string): Promise<boolean> {
    const set = await this.store.moderation(eventId);
    return set ?? (await this.events.require(eventId)).moderation;
  }

  private async require(eventId: string, id: string): Promise<StoredQuestion> {
    const question = await this.store.get(eventId, id);
    if (!question) throw new AppError('NOT_FOUND', `No question ${id}`);
    return question;
  }

  /** One change of a question: operators see it all; audience and screens see it, or its removal. */
  private publish(eventId: string, seq: number, before: StoredQuestion | null, after: StoredQuestion): void {
    const operator: Message<QaBroadcasts> = { event: 'qa:question', payload: { seq, question: operatorView(after) } };
    let others: Message<QaBroadcasts> | null = null;
    if (isPublic(after)) others = { event: 'qa:question', payload: { seq, question: publicView(after) } };
    else if (before && isPublic(before)) others = { event: 'qa:removed', payload: { seq, questionId: after.id } };
    this.out.change(eventId, seq, { operator, audience: others, screen: others });
    this.out.toPerson(eventId, after.authorId, 'qa:mine', { question: publicView(after) });
  }

  /** What a role sees of the forum; for the audience, also each author's own questions (kept, not sent). */
  private async sharedPart(eventId: string, role: Role): Promise<SharedPart<ForumContext>> {
    const [all, moderation] = await Promise.all([this.store.list(eventId), this.moderationOf(eventId)]);
    all.sort(compareQuestions);
    const forum = { moderation };
    if (role === 'operator') return { part: { questions: all.map(operatorView), forum }, context: null };
    const questions = all.filter(isPublic).map(publicView);
    if (role === 'screen') return { part: { questions, forum }, context: null };
    const byAuthor = new Map<string, Question[]>();
    for (const q of all) {
      const mine = byAuthor.get(q.authorId);
      if (mine) mine.push(publicView(q));
      else byAuthor.set(q.authorId, [publicView(q)]);
    }
    return { part: { questions, forum }, context: { byAuthor, visible: new Set(questions.map((q) => q.id)) } };
  }

  private async personalPart(
    identity: Identity,
    context: ForumContext,
  ): Promise<Pick<QaPart, 'myUpvotes' | 'myQuestions'>> {
    if (identity.role !== 'audience' || context === null) return { myUpvotes: [], myQuestions: [] };
    const myQuestions = context.byAuthor.get(identity.id) ?? [];
    // Votes on a question that was rejected are kept (a restore brings them back) but not shown;
    // with no question in view (a forum before its first, as when the hall joins) none is read.
    const myUpvotes =
      context.visible.size === 0
        ? []
        : (await this.store.upvotedBy(identity.eventId, identity.id)).filter((id) => context.visible.has(id));
    return { myQuestions, myUpvotes };
  }

  /** Answers the version it sent (the ticker's read may be older: an upvote came in between). */
  private async flushUpvotes(eventId: string): Promise<ReadonlyMap<string, number>> {
    const { version, counts: all } = await this.store.upvoteCounts(eventId, ALL);
    const sent = this.sentUpvotes.get(eventId) ?? new Map<string, number>();
    const counts: Record<string, number> = {};
    for (const [i, [id, n]] of Object.entries(all).entries()) {
      if (i < UPVOTES_TOP || sent.get(id) !== n) counts[id] = n;
    }
    this.sentUpvotes.set(eventId, new Map(Object.entries(all)));
    // Counts held for the audience's next turn add up, but those of questions that have left its view
    // are dropped.
    const visible = new Set(Object.keys(all));
    this.out.local(
      eventId,
      'all',
      'qa:upvotes',
      { version, counts },
      {
        merge: (older, newer) => {
          const kept = Object.entries(older.counts).filter(([id]) => visible.has(id));
          return { ...newer, counts: { ...Object.fromEntries(kept), ...newer.counts } };
        },
      },
    );
    return new Map([[UPVOTES_COUNTER, version]]);
  }
}
