import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ROLES, type Identity, type Role } from '../auth/identity.js';
import { SnapshotService } from '../events/snapshot.service.js';
import { Broadcaster, type TypedBroadcaster } from '../realtime/broadcaster.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { validationError } from '../realtime/dto-validation.pipe.js';
import { AppError } from '../common/errors.js';
import type { Message, RoleViews } from '../realtime/protocol.js';
import type { PollBroadcasts, PollsPart } from './polls.protocol.js';
import { newId } from '../auth/token.service.js';
import type { CastVoteDto, CreatePollDto, ModerateAnswerDto, PollOptionDto } from './dto/poll.dto.js';
import { ITEM_ID } from '../common/ids.js';
import { canSeePoll, canSeeTally, pollShapeErrors, voteEffect } from './poll-rules.js';
import { definitionOf, POLL_STORE, type PollChange, type PollStore } from './poll.store.js';
import {
  WORDS_TOP,
  type Poll,
  type PollDefinition,
  type PollOption,
  type Predicts,
  type Tally,
  type TextAnswer,
  type Vote,
} from './poll.types.js';
import { buildTally, type AnswersView } from './tally.js';

const TALLY_PREFIX = 'poll:';

function optionOf(o: PollOptionDto, i: number): PollOption {
  const option: PollOption = { id: o.id ?? `o${i + 1}`, label: o.label };
  if (o.stars !== undefined) option.stars = o.stars;
  if (o.min !== undefined) option.min = o.min;
  if (o.max !== undefined) option.max = o.max;
  return option;
}

/** The default options of a prediction: 0 to 5 stars. */
function starOptions(): PollOption[] {
  return [0, 1, 2, 3, 4, 5].map((n) => ({ id: `s${n}`, label: { en: `${n} ★` }, stars: n }));
}
const MAX_CACHED = 10_000;
const definitionKey = (eventId: string, pollId: string): string => `${eventId}/${pollId}`;

/** A vote's ack. */
export interface Voted {
  pollId: string;
  vote: Vote;
}

/**
 * Lets the room above that plays predictions (src/predictions) refuse one that cannot be played: at
 * `create`, for an entry that does not exist; at `open`, once the result is in. Throws an AppError
 * to refuse.
 */
export type PredictionCheck = (eventId: string, predicts: Predicts, step: 'create' | 'open') => Promise<void>;

/** Keynote polls: commands, the snapshot part, and the tallies the ticker sends. */
@Injectable()
export class PollsService implements OnModuleInit {
  /** Definitions never change after creation, so every node may keep them: a vote then costs one round trip. */
  private readonly definitions = new Map<string, PollDefinition>();
  private predictionCheck: PredictionCheck = () => Promise.resolve();
  private readonly out: TypedBroadcaster<PollBroadcasts>;

  constructor(
    @Inject(POLL_STORE) private readonly store: PollStore,
    broadcaster: Broadcaster,
    private readonly snapshots: SnapshotService,
    private readonly ticker: CounterTicker,
  ) {
    this.out = broadcaster.typed<PollBroadcasts>();
  }

  onModuleInit(): void {
    this.snapshots.register<string[]>({
      counters: [TALLY_PREFIX],
      shared: (eventId, role) => this.sharedPart(eventId, role),
      personal: (identity, pollIds) => this.personalPart(identity, pollIds),
    });
    this.ticker.register({ prefix: TALLY_PREFIX, flush: (eventId, moved) => this.flushTallies(eventId, moved) });
  }

  checkPredictions(check: PredictionCheck): void {
    this.predictionCheck = check;
  }

  async create(identity: Identity, dto: CreatePollDto): Promise<Poll> {
    const shape = pollShapeErrors(dto);
    if (shape.length > 0) throw validationError(shape);
    if (dto.predicts) await this.predictionCheck(identity.eventId, dto.predicts, 'create');
    const poll: Poll = {
      id: dto.id ?? newId('p-'),
      kind: dto.kind,
      question: dto.question,
      options: dto.predicts && !dto.options ? starOptions() : (dto.options ?? []).map(optionOf),
      status: 'draft',
      results: dto.results ?? 'live',
      revealed: dto.revealed ?? false,
      createdAt: Date.now(),
    };
    if (dto.predicts) poll.predicts = { entryId: dto.predicts.entryId, test: dto.predicts.test };
    if (dto.kind === 'multi') poll.maxChoices = dto.maxChoices ?? poll.options.length;
    if (dto.kind === 'rating') poll.scale = dto.scale ? { min: dto.scale.min, max: dto.scale.max } : { min: 1, max: 5 };
    if (dto.kind === 'ranking') poll.maxRank = dto.maxRank ?? poll.options.length;
    if (dto.kind === 'text') poll.moderated = dto.moderated ?? false;
    const seq = await this.store.create(identity.eventId, poll);
    if (seq === null) throw new AppError('CONFLICT', `Poll ${poll.id} exists already`);
    return this.publish(identity.eventId, seq, poll);
  }

  async change(identity: Identity, pollId: string, change: PollChange): Promise<Poll> {
    if (change === 'open') {
      const predicts = (await this.definition(identity.eventId, this.checkId(pollId))).predicts;
      if (predicts) await this.predictionCheck(identity.eventId, predicts, 'open');
    }
    const result = await this.store.change(identity.eventId, this.checkId(pollId), change, Date.now());
    switch (result.kind) {
      case 'missing':
        throw new AppError('NOT_FOUND', `No poll ${pollId}`);
      case 'draft':
        throw new AppError('CONFLICT', `Poll ${pollId} is a draft: open it first`);
      case 'unchanged':
        return { ...result.poll, tally: await this.tally(identity.eventId, result.poll) };
      case 'changed':
        return this.publish(identity.eventId, result.seq, result.poll);
    }
  }

  /**
   * Written as promise steps, not as an async function: with the definition cached (every vote but
   * a poll's first on this node) a vote then makes one promise of its own, not three.
   */
  vote(identity: Identity, dto: CastVoteDto): Promise<Voted> {
    const def = this.definitions.get(definitionKey(identity.eventId, dto.pollId));
    if (def) return this.castOn(def, identity, dto);
    return this.definition(identity.eventId, dto.pollId).then((loaded) => this.castOn(loaded, identity, dto));
  }

  private castOn(def: PollDefinition, identity: Identity, dto: CastVoteDto): Promise<Voted> {
    const checked = voteEffect(def, dto, identity.country);
    if ('errors' in checked) return Promise.reject(validationError(checked.errors));
    return this.store.vote(identity.eventId, dto.pollId, identity.id, checked.effect).then((outcome) => {
      if (outcome === 'missing') throw new AppError('NOT_FOUND', `No poll ${dto.pollId}`);
      if (outcome === 'closed') throw new AppError('POLL_CLOSED', `Poll ${dto.pollId} is not open`);
      return { pollId: dto.pollId, vote: checked.effect.vote };
    });
  }

  /** Text polls: an operator approves or rejects an answer; the ticker then sends the moved tally. */
  async moderateAnswer(identity: Identity, dto: ModerateAnswerDto): Promise<TextAnswer> {
    const def = await this.definition(identity.eventId, this.checkId(dto.pollId));
    if (def.kind !== 'text') {
      throw validationError([{ field: 'pollId', errors: [`a ${def.kind} poll has no answers to moderate`] }]);
    }
    const status = dto.action === 'approve' ? 'approved' : 'rejected';
    const answer = ITEM_ID.test(dto.answerId)
      ? await this.store.moderate(identity.eventId, dto.pollId, dto.answerId, status)
      : null;
    if (!answer) throw new AppError('NOT_FOUND', `No answer ${dto.answerId} in poll ${dto.pollId}`);
    return answer;
  }

  /**
   * Prediction polls of one entry and test (the prediction game settles them). Reads the poll ids and
   * then only the matching polls: definitions, which tell what a poll predicts, are cached.
   */
  async predictions(eventId: string, entryId: string, test: string): Promise<Poll[]> {
    const defs = await Promise.all((await this.store.ids(eventId)).map((id) => this.definition(eventId, id)));
    const matching = defs.filter((d) => d.predicts?.entryId === entryId && d.predicts.test === test);
    const polls = await Promise.all(matching.map((d) => this.store.get(eventId, d.id)));
    return polls.filter((p): p is Poll => p !== null);
  }

  /**
   * Marks a prediction's right options (closing it if open) and answers who chose one of them.
   * Settling again with other options re-scores: the caller hands out points from this answer.
   */
  async settle(eventId: string, pollId: string, correct: string[]): Promise<string[]> {
    const result = await this.store.settle(eventId, pollId, correct, Date.now());
    if (result.kind === 'missing' || result.kind === 'draft') throw new AppError('NOT_FOUND', `No poll ${pollId}`);
    if (result.kind === 'changed') await this.publish(eventId, result.seq, result.poll);
    const right = new Set(correct);
    const voters = await this.store.voters(eventId, pollId);
    return Object.keys(voters).filter((voter) => voters[voter]?.some((key) => right.has(key)));
  }

  /** The poll as operators see it, with its full tally (CSV, REST); the limit caps words and answers. */
  async results(eventId: string, pollId: string, wordsLimit = WORDS_TOP): Promise<Poll & { tally: Tally }> {
    const poll = await this.store.get(eventId, this.checkId(pollId));
    if (!poll) throw new AppError('NOT_FOUND', `No poll ${pollId}`);
    return { ...poll, tally: await this.tally(eventId, poll, wordsLimit) };
  }

  private checkId(pollId: string): string {
    if (!ITEM_ID.test(pollId)) throw new AppError('NOT_FOUND', `No poll ${pollId}`);
    return pollId;
  }

  private async definition(eventId: string, pollId: string): Promise<PollDefinition> {
    const key = definitionKey(eventId, pollId);
    const cached = this.definitions.get(key);
    if (cached) return cached;
    const poll = await this.store.get(eventId, pollId);
    if (!poll) throw new AppError('NOT_FOUND', `No poll ${pollId}`);
    if (this.definitions.size >= MAX_CACHED) this.definitions.clear();
    const def = definitionOf(poll);
    this.definitions.set(key, def);
    return def;
  }

  private async tally(eventId: string, def: PollDefinition, wordsLimit = WORDS_TOP): Promise<Tally> {
    return buildTally(def, await this.store.tally(eventId, def, wordsLimit));
  }

  /** Both views of a tally from one read: text polls show others approved answers only. */
  private async tallies(eventId: string, def: PollDefinition): Promise<Record<AnswersView, Tally>> {
    const raw = await this.store.tally(eventId, def, WORDS_TOP);
    const all = buildTally(def, raw, 'all');
    return { all, approved: def.kind === 'text' ? buildTally(def, raw, 'approved') : all };
  }

  /** Broadcasts a change (each role its view) and returns the operator's view for the ack. */
  private async publish(eventId: string, seq: number, poll: Poll): Promise<Poll> {
    const tallies = await this.tallies(eventId, poll);
    const full: Poll = { ...poll, tally: tallies.all };
    const approved: Poll = tallies.approved === tallies.all ? full : { ...poll, tally: tallies.approved };
    const operator: Message<PollBroadcasts> = { event: 'poll:updated', payload: { seq, poll: full } };
    const views = {} as RoleViews<Message<PollBroadcasts>>;
    for (const role of ROLES) {
      const view = this.view(role, role === 'operator' ? full : approved);
      // The same object for roles that see the same thing, so the broadcaster can emit once.
      views[role] = !canSeePoll(role, poll)
        ? null
        : view === full
          ? operator
          : { event: 'poll:updated', payload: { seq, poll: view } };
    }
    this.out.change(eventId, seq, views);
    return full;
  }

  private view(role: Role, poll: Poll): Poll {
    if (canSeeTally(role, poll)) return poll;
    const { tally: _hidden, ...rest } = poll;
    return rest;
  }

  /** The polls a role sees, with the tallies it may see; the context is their ids. */
  private async sharedPart(
    eventId: string,
    role: Role,
  ): Promise<{ part: Pick<PollsPart, 'polls'>; context: string[] }> {
    const all = await this.store.list(eventId);
    const polls = await Promise.all(
      all
        .filter((p) => canSeePoll(role, p))
        .map(async (p) => (canSeeTally(role, p) ? { ...p, tally: await this.roleTally(eventId, p, role) } : p)),
    );
    return { part: { polls }, context: polls.map((p) => p.id) };
  }

  private async roleTally(eventId: string, def: PollDefinition, role: Role): Promise<Tally> {
    if (def.kind !== 'text') return this.tally(eventId, def);
    return (await this.tallies(eventId, def))[role === 'operator' ? 'all' : 'approved'];
  }

  private async personalPart(identity: Identity, pollIds: string[]): Promise<Pick<PollsPart, 'myVotes'>> {
    if (identity.role !== 'audience') return { myVotes: {} };
    return { myVotes: await this.store.votesOf(identity.eventId, identity.id, pollIds) };
  }

  /** Sends each moved poll's tally; answers the versions sent (read with the counts, maybe newer). */
  private async flushTallies(eventId: string, moved: Map<string, number>): Promise<Map<string, number>> {
    const sent = new Map<string, number>();
    await Promise.all(
      [...moved.keys()].map(async (counter) => {
        const def = await this.definition(eventId, counter.slice(TALLY_PREFIX.length));
        const raw = await this.store.tally(eventId, def, WORDS_TOP);
        sent.set(counter, raw.version);
        const tally = buildTally(def, raw);
        const audience = canSeeTally('audience', { results: def.results, revealed: raw.revealed });
        // Kept for the audience's next turn per poll: a newer tally replaces the held one.
        const pacing = { key: `poll:tally:${def.id}` };
        if (def.kind !== 'text') {
          this.out.local(eventId, audience ? 'all' : ['operator', 'screen'], 'poll:tally', tally, pacing);
          return;
        }
        // Text polls: operators see every answer; screens and the audience the approved ones.
        this.out.local(eventId, ['operator'], 'poll:tally', tally);
        const approved = buildTally(def, raw, 'approved');
        if (!audience) this.out.local(eventId, ['screen'], 'poll:tally', approved);
        else this.out.local(eventId, ['screen', 'audience'], 'poll:tally', approved, pacing);
      }),
    );
    return sent;
  }
}
