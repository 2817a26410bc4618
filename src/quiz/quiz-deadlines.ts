import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Presence } from '../realtime/presence.js';
import { QUIZ_STORE, type QuizStore } from './quiz.store.js';

/** How often every node looks for questions past their deadline, in the events it serves. */
export const QUIZ_SWEEP_MS = 500;
/** A timer fires a little after endsAt: the store closes only once `at` is past it. */
const TIMER_SLACK_MS = 5;

type CloseHandler = (eventId: string, quizId: string) => Promise<void>;

/**
 * When running questions close by themselves. The node that starts a question sets a timer; every
 * node also sweeps the events it serves, so a question still closes when that node died. Both ask
 * the store, where only the first caller closes it: a question is closed once, whoever sees it first.
 */
@Injectable()
export class QuizDeadlines implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('QuizDeadlines');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;
  private failing = false;
  private handler: CloseHandler = () => Promise.resolve();

  constructor(
    @Inject(QUIZ_STORE) private readonly store: QuizStore,
    private readonly presence: Presence,
  ) {}

  /** What closing a quiz's question means (the service: the store's close, then the broadcast). */
  onDue(handler: CloseHandler): void {
    this.handler = handler;
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), QUIZ_SWEEP_MS);
    this.sweeper.unref();
  }

  watch(eventId: string, quizId: string, endsAt: number): void {
    const key = `${eventId}\n${quizId}`;
    this.forget(eventId, quizId);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        this.fire(eventId, quizId);
      },
      Math.max(0, endsAt - Date.now()) + TIMER_SLACK_MS,
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  forget(eventId: string, quizId: string): void {
    const key = `${eventId}\n${quizId}`;
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** One pass over the events with sockets on this node; exposed for tests. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      await Promise.all(
        this.presence.eventIds().map(async (eventId) => {
          for (const quizId of await this.store.due(eventId, now)) await this.handler(eventId, quizId);
        }),
      );
      if (this.failing) this.logger.log('Quiz deadlines are swept again');
      this.failing = false;
    } catch (err) {
      this.failed(err);
    } finally {
      this.sweeping = false;
    }
  }

  private fire(eventId: string, quizId: string): void {
    this.handler(eventId, quizId).catch((err: unknown) => this.failed(err));
  }

  // Once per outage: the sweep tries again on its next pass.
  private failed(err: unknown): void {
    if (!this.failing) this.logger.warn(`Closing a quiz question failed: ${(err as Error).message}`);
    this.failing = true;
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
