import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Broadcaster } from '../realtime/broadcaster.js';
import { EVENT_CLOCK, type EventClock } from '../realtime/event-clock.js';
import { Presence } from '../realtime/presence.js';
import type { Figures } from './figures.types.js';
import { PRESENCE_STORE, type PresenceStore } from './presence.store.js';

const INTERVAL_MS = 1000;
/** A node that has not reported for this long is gone. */
const FRESH_MS = 5000;

/** The operators' live figures, once a second, to this node's operators of each local event. */
@Injectable()
export class FiguresService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Figures');
  private readonly votes = new Map<string, { total: number; at: number }>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly presence: Presence,
    private readonly broadcaster: Broadcaster,
    @Inject(EVENT_CLOCK) private readonly clock: EventClock,
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.publish().then(
        () => (this.failing = false),
        (err: unknown) => {
          if (!this.failing) this.logger.warn(`Figures not published: ${(err as Error).message}`);
          this.failing = true;
        },
      );
    }, INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled(this.presence.eventIds().map((e) => this.store.forget(e, this.config.NODE_ID)));
  }

  /** One round: report and read presence, count votes, send the figures to local operators. */
  async publish(): Promise<void> {
    const now = Date.now();
    for (const eventId of [...this.votes.keys()])
      if (!this.presence.eventIds().includes(eventId)) this.votes.delete(eventId);
    await Promise.all(
      this.presence.eventIds().map(async (eventId) => {
        const figures = await this.figures(eventId, now);
        if (this.presence.counts(eventId).operator > 0)
          this.broadcaster.local(eventId, ['operator'], 'ops:figures', figures);
      }),
    );
  }

  async figures(eventId: string, now = Date.now()): Promise<Figures> {
    const [{ nodes, counts }, versions] = await Promise.all([
      this.store.report(eventId, this.config.NODE_ID, this.presence.counts(eventId), now, now - FRESH_MS),
      this.clock.versions(eventId),
    ]);
    // Every accepted vote raises its poll's counter version by one: their sum counts votes.
    const total = Object.entries(versions).reduce((sum, [name, v]) => (name.startsWith('poll:') ? sum + v : sum), 0);
    const last = this.votes.get(eventId);
    this.votes.set(eventId, { total, at: now });
    const seconds = last ? (now - last.at) / 1000 : 0;
    const votesPerSecond = last && seconds > 0 ? Math.round(((total - last.total) / seconds) * 10) / 10 : 0;
    return { nodes, connections: counts, votesPerSecond, at: now };
  }
}
