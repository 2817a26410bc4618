import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Identity, Role } from '../auth/identity.js';
import { newId } from '../auth/token.service.js';
import { ITEM_ID } from '../common/ids.js';
import { AppError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { SnapshotService } from '../events/snapshot.service.js';
import { Broadcaster, type TypedBroadcaster } from '../realtime/broadcaster.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { validationError } from '../realtime/dto-validation.pipe.js';
import type { Message, RoleViews } from '../realtime/protocol.js';
import type { CreateQuizDto, QuizAnswerDto } from './dto/quiz.dto.js';
import { QuizDeadlines } from './quiz-deadlines.js';
import {
  canSeeQuiz,
  quizShapeErrors,
  quizView,
  rankCountries,
  revealedCount,
  standings,
  type StoredAnswer,
} from './quiz-rules.js';
import type { QuizBroadcasts, QuizPart } from './quiz.protocol.js';
import { QUIZ_STORE, type Player, type QuizStore, type Refusal, type StepResult } from './quiz.store.js';
import type { CountryStanding, Quiz, QuizAnswerAck, Standing } from './quiz.types.js';

const COUNTER_PREFIX = 'quiz:';
const MAX_CACHED = 10_000;
const definitionKey = (eventId: string, quizId: string): string => `${eventId}/${quizId}`;

const REFUSALS: Record<Refusal, string> = {
  ended: 'has ended',
  draft: 'has not started',
  unrevealed: 'has a question that is not revealed yet: reveal it first',
  last: 'has no question left: end it',
  idle: 'has no question running or revealed',
};

/** What an answer is checked against, cached per node: a quiz's questions never change after creation. */
interface Definition {
  /** questionId -> its option ids. */
  options: Map<string, Set<string>>;
}

export interface QuizResults {
  quiz: Quiz;
  players: Player[];
  answers: StoredAnswer[];
}

interface Boards {
  leaderboard: Standing[];
  countries: CountryStanding[];
}

/** Per quiz the audience may see: the ids of the questions asked so far (for `myQuiz`). */
type Context = { quizId: string; questionIds: string[] }[];

/** The quiz: commands, the automatic close, boards, the snapshot part and the answer counter. */
@Injectable()
export class QuizService implements OnModuleInit {
  private readonly definitions = new Map<string, Definition>();
  private readonly out: TypedBroadcaster<QuizBroadcasts>;

  constructor(
    @Inject(QUIZ_STORE) private readonly store: QuizStore,
    broadcaster: Broadcaster,
    private readonly snapshots: SnapshotService,
    private readonly ticker: CounterTicker,
    private readonly deadlines: QuizDeadlines,
    private readonly config: AppConfig,
  ) {
    this.out = broadcaster.typed<QuizBroadcasts>();
  }

  onModuleInit(): void {
    this.snapshots.register<Context>({
      shared: (eventId, role) => this.sharedPart(eventId, role),
      personal: (identity, context) => this.personalPart(identity, context),
    });
    this.ticker.register({ prefix: COUNTER_PREFIX, flush: (eventId, moved) => this.flushAnswers(eventId, moved) });
    this.deadlines.onDue((eventId, quizId) => this.closeIfDue(eventId, quizId));
  }

  async create(identity: Identity, dto: CreateQuizDto): Promise<Quiz> {
    const shape = quizShapeErrors(dto);
    if (shape.length > 0) throw validationError(shape);
    const quiz: Quiz = {
      id: dto.id ?? newId('qz-'),
      title: dto.title,
      status: 'draft',
      scoring: {
        basePoints: dto.scoring?.basePoints ?? 1000,
        speed: dto.scoring?.speed ?? true,
        streak: dto.scoring?.streak ?? true,
      },
      questions: dto.questions.map((q) => ({
        id: q.id,
        text: q.text,
        options: q.options.map((o) => ({ id: o.id, label: o.label })),
        timeLimitMs: q.timeLimitMs,
        correct: [...q.correct],
      })),
      current: null,
      createdAt: Date.now(),
    };
    const seq = await this.store.create(identity.eventId, quiz);
    if (seq === null) throw new AppError('CONFLICT', `Quiz ${quiz.id} exists already`);
    const view = quizView('operator', quiz);
    // Drafts are the operators': the others only see seq move.
    this.out.change(identity.eventId, seq, {
      operator: { event: 'quiz:updated', payload: { seq, quiz: view } },
      audience: null,
      screen: null,
    });
    return view;
  }

  async next(identity: Identity, quizId: string): Promise<Quiz> {
    const { eventId } = identity;
    const result = await this.store.next(eventId, this.checkId(quizId), Date.now());
    const quiz = this.stepped(quizId, result);
    if (result.kind !== 'changed' || !quiz.current) return quizView('operator', quiz);
    const { index, startsAt, endsAt } = quiz.current;
    const { correct: _hidden, ...question } = quiz.questions[index];
    const seq = result.seq;
    this.publish(eventId, seq, quiz, (view) => ({
      event: 'quiz:question',
      payload: { seq, quizId, index, question, startsAt, endsAt, serverTime: Date.now(), quiz: view },
    }));
    this.deadlines.watch(eventId, quizId, endsAt);
    return quizView('operator', quiz);
  }

  async reveal(identity: Identity, quizId: string): Promise<Quiz> {
    const { eventId } = identity;
    const result = await this.store.reveal(eventId, this.checkId(quizId));
    if (result.kind === 'missing') throw new AppError('NOT_FOUND', `No quiz ${quizId}`);
    if (result.kind === 'refused') throw new AppError('CONFLICT', `Quiz ${quizId} ${REFUSALS[result.reason]}`);
    if (result.kind === 'unchanged') return quizView('operator', result.quiz);
    this.deadlines.forget(eventId, quizId);
    const { quiz, seq, questionId, counts } = result;
    const boards = await this.boards(eventId, quizId);
    const correct = quiz.questions.find((q) => q.id === questionId)?.correct ?? [];
    this.publish(eventId, seq, quiz, (view) => ({
      event: 'quiz:reveal',
      payload: { seq, quizId, questionId, correct, counts, ...boards, quiz: view },
    }));
    for (const { id, ...mine } of result.results)
      this.out.toPerson(eventId, id, 'quiz:me', { quizId, questionId, ...mine });
    return quizView('operator', quiz);
  }

  async end(identity: Identity, quizId: string): Promise<Quiz> {
    const { eventId } = identity;
    const result = await this.store.end(eventId, this.checkId(quizId));
    const quiz = this.stepped(quizId, result);
    if (result.kind !== 'changed') return quizView('operator', quiz);
    const seq = result.seq;
    const boards = await this.boards(eventId, quizId);
    this.publish(eventId, seq, quiz, (view) => ({
      event: 'quiz:ended',
      payload: { seq, quizId, ...boards, quiz: view },
    }));
    return quizView('operator', quiz);
  }

  /**
   * The hot path: a cached definition, then one store call (one script per turn and question on
   * Redis). Promise steps, not an async function: with the definition cached, an answer makes one
   * promise of its own besides the store's.
   */
  answer(identity: Identity, dto: QuizAnswerDto): Promise<QuizAnswerAck> {
    const cached = this.definitions.get(definitionKey(identity.eventId, dto.quizId));
    if (cached) return this.answerOn(cached, identity, dto);
    return this.definition(identity.eventId, dto.quizId).then((def) => this.answerOn(def, identity, dto));
  }

  private answerOn({ options }: Definition, identity: Identity, dto: QuizAnswerDto): Promise<QuizAnswerAck> {
    const optionIds = options.get(dto.questionId);
    if (!optionIds)
      return Promise.reject(new AppError('NOT_FOUND', `No question ${dto.questionId} in quiz ${dto.quizId}`));
    if (!optionIds.has(dto.optionId)) {
      return Promise.reject(
        validationError([{ field: 'optionId', errors: ['optionId must be an option of the question'] }]),
      );
    }
    const answer = {
      quizId: dto.quizId,
      questionId: dto.questionId,
      optionId: dto.optionId,
      personId: identity.id,
      name: identity.name,
      country: identity.country,
      at: Date.now(),
    };
    return this.store.answer(identity.eventId, answer).then((result) => {
      if (result === 'missing') throw new AppError('NOT_FOUND', `No quiz ${dto.quizId}`);
      if (result === 'closed') throw new AppError('POLL_CLOSED', `Question ${dto.questionId} takes no answers now`);
      if (result === 'conflict') throw new AppError('CONFLICT', `Question ${dto.questionId} is answered already`);
      return { questionId: dto.questionId, optionId: dto.optionId, elapsedMs: result.elapsedMs };
    });
  }

  /** The deadline passed (a timer or a sweep): close the question, if this node is the first to. */
  async closeIfDue(eventId: string, quizId: string): Promise<void> {
    const closed = await this.store.close(eventId, quizId, Date.now());
    if (!closed) return;
    const quiz = await this.store.get(eventId, quizId);
    if (!quiz) return;
    const { seq, questionId } = closed;
    this.publish(eventId, seq, quiz, (view) => ({
      event: 'quiz:closed',
      payload: { seq, quizId, questionId, quiz: view },
    }));
  }

  /** The quiz as operators see it, its players and every stored answer (CSV). */
  async results(eventId: string, quizId: string): Promise<QuizResults> {
    const quiz = await this.store.get(eventId, this.checkId(quizId));
    if (!quiz) throw new AppError('NOT_FOUND', `No quiz ${quizId}`);
    const [players, answers] = await Promise.all([
      this.store.players(eventId, quizId),
      this.store.answers(eventId, quizId),
    ]);
    return { quiz, players, answers };
  }

  private stepped(quizId: string, result: StepResult): Quiz {
    if (result.kind === 'missing') throw new AppError('NOT_FOUND', `No quiz ${quizId}`);
    if (result.kind === 'refused') throw new AppError('CONFLICT', `Quiz ${quizId} ${REFUSALS[result.reason]}`);
    return result.quiz;
  }

  private checkId(quizId: string): string {
    if (!ITEM_ID.test(quizId)) throw new AppError('NOT_FOUND', `No quiz ${quizId}`);
    return quizId;
  }

  private async definition(eventId: string, quizId: string): Promise<Definition> {
    const key = definitionKey(eventId, quizId);
    const cached = this.definitions.get(key);
    if (cached) return cached;
    const quiz = await this.store.get(eventId, quizId);
    if (!quiz) throw new AppError('NOT_FOUND', `No quiz ${quizId}`);
    if (this.definitions.size >= MAX_CACHED) this.definitions.clear();
    const options = new Map(quiz.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
    const entry = { options };
    this.definitions.set(key, entry);
    return entry;
  }

  /** Each role its view of the quiz in one broadcast of a change (the same message for audience and screens). */
  private publish(eventId: string, seq: number, quiz: Quiz, message: (view: Quiz) => Message<QuizBroadcasts>): void {
    const shared = message(quizView('audience', quiz));
    const views: RoleViews<Message<QuizBroadcasts>> = {
      operator: message(quizView('operator', quiz)),
      audience: shared,
      screen: shared,
    };
    this.out.change(eventId, seq, views);
  }

  private async boards(eventId: string, quizId: string): Promise<Boards> {
    const n = this.config.BOARD_TOP_N;
    const stored = await this.store.boards(eventId, quizId, n);
    return {
      leaderboard: standings(stored.leaderboard),
      countries: rankCountries(stored.countries, this.config.QUIZ_COUNTRY_MIN).slice(0, n),
    };
  }

  private async sharedPart(
    eventId: string,
    role: Role,
  ): Promise<{ part: Pick<QuizPart, 'quizzes' | 'quizBoards'>; context: Context }> {
    const visible = (await this.store.list(eventId)).filter((q) => canSeeQuiz(role, q));
    const quizBoards: QuizPart['quizBoards'] = {};
    await Promise.all(
      visible
        .filter((q) => q.status !== 'draft')
        .map(async (q) => {
          quizBoards[q.id] =
            revealedCount(q) > 0 ? await this.boards(eventId, q.id) : { leaderboard: [], countries: [] };
        }),
    );
    const context = visible
      .filter((q) => q.current)
      .map((q) => ({ quizId: q.id, questionIds: q.questions.slice(0, (q.current?.index ?? -1) + 1).map((x) => x.id) }));
    return { part: { quizzes: visible.map((q) => quizView(role, q)), quizBoards }, context };
  }

  private async personalPart(identity: Identity, context: Context): Promise<Pick<QuizPart, 'myQuiz'>> {
    if (identity.role !== 'audience') return { myQuiz: {} };
    const mine = await Promise.all(
      context.map(({ quizId, questionIds }) => this.store.mine(identity.eventId, quizId, questionIds, identity.id)),
    );
    const myQuiz: QuizPart['myQuiz'] = {};
    context.forEach(({ quizId }, i) => {
      const m = mine[i];
      if (m) myQuiz[quizId] = m;
    });
    return { myQuiz };
  }

  /** The answer count of each running question whose counter moved, to this node's operators and screens. */
  private async flushAnswers(eventId: string, moved: Map<string, number>): Promise<void> {
    await Promise.all(
      [...moved.keys()].map(async (counter) => {
        const quizId = counter.slice(COUNTER_PREFIX.length);
        const quiz = await this.store.get(eventId, quizId);
        if (!quiz?.current) return;
        const questionId = quiz.questions[quiz.current.index].id;
        const { answered, version } = await this.store.answered(eventId, quizId, questionId);
        this.out.local(eventId, ['operator', 'screen'], 'quiz:answers', { version, quizId, questionId, answered });
      }),
    );
  }
}
