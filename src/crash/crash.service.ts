import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Identity, Role } from '../auth/identity.js';
import { AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import { SnapshotService, type SharedPart } from '../events/snapshot.service.js';
import { Broadcaster, type TypedBroadcaster } from '../realtime/broadcaster.js';
import type { Message } from '../realtime/protocol.js';
import type { Me } from '../events/event.types.js';
import type { CrashBroadcasts, CrashPart } from './crash.protocol.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { AppEvents } from '../common/app-events.js';
import { AppError } from '../common/errors.js';
import { bestResult } from './crash-rules.js';
import type { CrashResultChanged, TestBest } from './crash.events.js';
import { CRASH_STORE, type Actor, type CrashState, type CrashStore } from './crash.store.js';
import type { AuditEntry, Board, Entry, PredictorRow, Result } from './crash.types.js';
import type { EntryDto, ResultDto } from './dto/crash.dto.js';
import { rankBoard, topOf } from './ranking.js';

const ATTEMPTS = 3;

/** The best result now of each of these tests, from one read state. */
function bestsOf(state: CrashState, tests: { entryId: string; test: string }[]): TestBest[] {
  return tests.map(({ entryId, test }) => ({ entryId, test, best: bestResult(state.results, entryId, test) }));
}

/**
 * The safety crash challenge: entries, results, the board, its freeze, and the points of the
 * prediction game (awarded from above: crash knows no poll). Emits `crash.result-changed`.
 */
@Injectable()
export class CrashService implements OnModuleInit {
  private readonly out: TypedBroadcaster<CrashBroadcasts>;

  constructor(
    @Inject(CRASH_STORE) private readonly store: CrashStore,
    private readonly appEvents: AppEvents,
    private readonly events: EventsService,
    broadcaster: Broadcaster,
    private readonly snapshots: SnapshotService,
    private readonly ticker: CounterTicker,
    private readonly config: AppConfig,
  ) {
    this.out = broadcaster.typed<CrashBroadcasts>();
  }

  onModuleInit(): void {
    this.snapshots.register({
      counters: ['predictors'],
      shared: (eventId, role) => this.sharedPart(eventId, role),
      personal: (identity, anyPoints) => this.personalPart(identity, anyPoints),
    });
    this.ticker.register({ prefix: 'predictors', flush: (eventId) => this.flushPredictors(eventId) });
  }

  async upsertEntry(identity: Identity, dto: EntryDto): Promise<Entry> {
    const entry: Entry = { id: dto.id, name: dto.name, brand: dto.brand };
    if (dto.model !== undefined) entry.model = dto.model;
    if (dto.country !== undefined) entry.country = dto.country;
    const change = await this.store.upsertEntry(identity.eventId, entry);
    if (change.kind === 'changed') await this.publishBoard(identity.eventId, change.seq);
    return entry;
  }

  async result(identity: Identity, dto: ResultDto): Promise<Result> {
    const result: Result = {
      id: dto.id,
      entryId: dto.entryId,
      test: dto.test,
      score: dto.score,
      status: 'valid',
      at: Date.now(),
    };
    if (dto.stars !== undefined) result.stars = dto.stars;
    if (dto.metrics !== undefined) result.metrics = dto.metrics;
    const change = await this.store.upsertResult(identity.eventId, result, actor(identity));
    if (change.kind === 'missing') throw new AppError('NOT_FOUND', `No entry ${dto.entryId}: add it first`);
    if (change.kind === 'unchanged') return this.again(identity.eventId, dto.id);
    await this.afterResult(identity.eventId, change.seq, change.before, change.after);
    return change.after;
  }

  async voidResult(identity: Identity, resultId: string): Promise<Result> {
    const change = await this.store.voidResult(identity.eventId, resultId, Date.now(), actor(identity));
    if (change.kind === 'missing') throw new AppError('NOT_FOUND', `No result ${resultId}`);
    if (change.kind === 'unchanged') return this.again(identity.eventId, resultId);
    await this.afterResult(identity.eventId, change.seq, change.before, change.after);
    return change.after;
  }

  /** Freezes the public board as it is now (operators keep the live one), or unfreezes it. */
  async freeze(identity: Identity, frozen: boolean): Promise<Board> {
    const eventId = identity.eventId;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const state = await this.store.state(eventId);
      let change;
      if (frozen) {
        const board = topOf(rankBoard(state.entries, state.results, state.version + 1, true), this.config.BOARD_TOP_N);
        change = await this.store.freeze(eventId, board, state.version);
        if (change.kind === 'stale') continue;
      } else {
        change = await this.store.unfreeze(eventId);
      }
      // The public get the board just frozen (their last until unfrozen), or the live one again.
      if (change.kind === 'changed') return this.publishBoard(eventId, change.seq, frozen);
      return this.boards(state).operator;
    }
    throw new AppError('CONFLICT', 'The board is changing: try again');
  }

  async board(identity: Identity): Promise<Board> {
    const views = this.boards(await this.store.state(identity.eventId));
    return identity.role === 'operator' ? views.operator : views.public;
  }

  audit(eventId: string, resultId?: string): Promise<AuditEntry[]> {
    return this.store.audit(eventId, resultId);
  }

  /** A person's points and rank in the prediction game. */
  async standing(identity: Identity): Promise<{ points: number; rank: number | null }> {
    const standing = await this.store.standing(identity.eventId, identity.id);
    return standing ?? { points: 0, rank: null };
  }

  /** Whether the entry is in the challenge, and its best valid result in the test (null: none yet). */
  async testResult(eventId: string, entryId: string, test: string): Promise<{ entry: boolean; best: Result | null }> {
    const { entries, results } = await this.store.state(eventId);
    return { entry: entries.some((e) => e.id === entryId), best: bestResult(results, entryId, test) };
  }

  /** The best result now of each of these tests, and the version they were computed from (one read). */
  async bestResults(
    eventId: string,
    tests: { entryId: string; test: string }[],
  ): Promise<{ version: number; tests: TestBest[] }> {
    const state = await this.store.state(eventId);
    return { version: state.version, tests: bestsOf(state, tests) };
  }

  /** The challenge's version now: it moves with every change of entries, results or the freeze. */
  version(eventId: string): Promise<number> {
    return this.store.version(eventId);
  }

  /** Sets who won a prediction: points move from its earlier winners (if any) to these. */
  award(eventId: string, predictionId: string, winners: string[], points: number): Promise<void> {
    return this.store.award(eventId, predictionId, winners, points);
  }

  /**
   * The same result again: nothing to store, but `crash.result-changed` once more, so that a retry
   * after a failure between storing and what follows (settling predictions) completes the work.
   */
  private async again(eventId: string, id: string): Promise<Result> {
    const state = await this.store.state(eventId);
    const found = state.results.find((r) => r.id === id);
    if (!found) throw new AppError('NOT_FOUND', `No result ${id}`);
    await this.resultChanged(eventId, state, [found]);
    return found;
  }

  /** The board, then `crash.result-changed` for the tests the change touched: one read for both. */
  private async afterResult(eventId: string, seq: number, before: Result | null, after: Result): Promise<void> {
    const state = await this.store.state(eventId);
    this.broadcastBoard(eventId, seq, state);
    await this.resultChanged(eventId, state, before ? [after, before] : [after]);
  }

  /** Resolves once every handler is done, so the command's ack follows the predictions' settling. */
  private resultChanged(eventId: string, state: CrashState, touched: Result[]): Promise<void> {
    const tests = [...new Map(touched.map((r) => [`${r.entryId}/${r.test}`, r])).values()];
    const change: CrashResultChanged = { eventId, version: state.version, tests: bestsOf(state, tests) };
    return this.appEvents.emit('crash.result-changed', change);
  }

  private boards(state: CrashState): { operator: Board; public: Board } {
    const live = rankBoard(state.entries, state.results, state.version, state.frozen !== null);
    return { operator: live, public: state.frozen ?? topOf(live, this.config.BOARD_TOP_N) };
  }

  /**
   * `crash:board`: operators get the whole live board; audience and screens the top N, or, while
   * frozen, nothing (`state:seq`) but for the change that froze it.
   */
  private async publishBoard(eventId: string, seq: number, freezing = false): Promise<Board> {
    return this.broadcastBoard(eventId, seq, await this.store.state(eventId), freezing);
  }

  private broadcastBoard(eventId: string, seq: number, state: CrashState, freezing = false): Board {
    const { operator, public: shown } = this.boards(state);
    const others: Message<CrashBroadcasts> | null =
      state.frozen === null || freezing ? { event: 'crash:board', payload: { seq, board: shown } } : null;
    this.out.change(eventId, seq, {
      operator: { event: 'crash:board', payload: { seq, board: operator } },
      audience: others,
      screen: others,
    });
    return operator;
  }

  private async predictorRows(eventId: string): Promise<{ version: number; rows: PredictorRow[] }> {
    const { version, rows } = await this.store.predictors(eventId, this.config.BOARD_TOP_N);
    const people = await this.events.people(
      eventId,
      rows.map((r) => r.id),
    );
    let rank = 0;
    const out = rows.map((r, i) => {
      if (i === 0 || (rows[i - 1] as { points: number }).points !== r.points) rank = i + 1;
      const person = people[r.id];
      return { rank, id: r.id, name: person?.name ?? null, country: person?.country ?? null, points: r.points };
    });
    return { version, rows: out };
  }

  private async flushPredictors(eventId: string): Promise<void> {
    this.out.local(eventId, 'all', 'crash:predictors', await this.predictorRows(eventId));
  }

  /** The board and the predictors; the context: whether anyone has points (the predictors are not empty). */
  private async sharedPart(eventId: string, role: Role): Promise<SharedPart<boolean>> {
    const [state, predictors] = await Promise.all([this.store.state(eventId), this.predictorRows(eventId)]);
    const views = this.boards(state);
    const part: CrashPart = { board: role === 'operator' ? views.operator : views.public, predictors: predictors.rows };
    return { part, context: predictors.rows.length > 0 };
  }

  /**
   * The audience's `me`, with the person's points and rank. Nobody has points as of the shared part
   * (no prediction settled yet, as when the doors open and the hall joins): no read per person.
   */
  private async personalPart(identity: Identity, anyPoints: boolean): Promise<{ me?: Me }> {
    if (identity.role !== 'audience') return {};
    const standing = anyPoints ? await this.standing(identity) : { points: 0, rank: null };
    return { me: { id: identity.id, name: identity.name, country: identity.country, koc: identity.koc, ...standing } };
  }
}

function actor(identity: Identity): Actor {
  return { id: identity.id, name: identity.name };
}
