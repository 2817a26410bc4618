import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { newId } from '../auth/token.service.js';
import { SnapshotService } from '../events/snapshot.service.js';
import { Broadcaster, type TypedBroadcaster } from '../realtime/broadcaster.js';
import type { StageBroadcasts, StagePart } from './stage.protocol.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import type { SceneDto, StageCueDto } from './dto/stage.dto.js';
import { STAGE_STORE, type StageStore } from './stage.store.js';
import type { Cue, ReactionBurst, Scene } from './stage.types.js';

interface Window {
  counts: Record<string, number>;
  at: number;
}

/** Stage cues (changes of state) and reactions (a counter sent as bursts by the ticker). */
/** Two reaction windows as one: counts and lengths add up. */
export function addBursts(older: ReactionBurst, newer: ReactionBurst): ReactionBurst {
  const counts = { ...older.counts };
  for (const [emoji, n] of Object.entries(newer.counts)) counts[emoji] = (counts[emoji] ?? 0) + n;
  return { ...newer, counts, windowMs: older.windowMs + newer.windowMs };
}

@Injectable()
export class StageService implements OnModuleInit {
  /** Per event: the totals this node last saw, so each burst carries only its window's reactions. */
  private readonly windows = new Map<string, Window>();

  private readonly out: TypedBroadcaster<StageBroadcasts>;

  constructor(
    @Inject(STAGE_STORE) private readonly store: StageStore,
    broadcaster: Broadcaster,
    private readonly snapshots: SnapshotService,
    private readonly ticker: CounterTicker,
  ) {
    this.out = broadcaster.typed<StageBroadcasts>();
  }

  onModuleInit(): void {
    // Cue and scene move with seq: the same for everyone, nothing personal.
    this.snapshots.register({
      shared: async (eventId): Promise<{ part: StagePart; context: undefined }> => {
        const [cue, scene] = await Promise.all([this.store.cue(eventId), this.store.scene(eventId)]);
        return { part: { stage: { cue }, screen: { scene } }, context: undefined };
      },
    });
    this.ticker.register({
      prefix: 'reactions',
      flush: (eventId, _moved, first) => this.flushReactions(eventId, first),
    });
  }

  async cue(identity: Identity, dto: StageCueDto): Promise<Cue> {
    const cue: Cue = { id: newId('c-'), kind: dto.kind, at: Date.now() };
    if (dto.title !== undefined) cue.title = dto.title;
    if (dto.body !== undefined) cue.body = dto.body;
    if (dto.until !== undefined) cue.until = dto.until;
    const seq = await this.store.setCue(identity.eventId, cue);
    this.out.everyone(identity.eventId, seq, { event: 'stage:cue', payload: { seq, cue } });
    return cue;
  }

  /** What the big screens show (everyone is told: phones may point at the screen too). */
  async scene(identity: Identity, dto: SceneDto): Promise<Scene> {
    const scene: Scene = { kind: dto.kind, at: Date.now() };
    if (dto.pollId !== undefined) scene.pollId = dto.pollId;
    const seq = await this.store.setScene(identity.eventId, scene);
    this.out.everyone(identity.eventId, seq, { event: 'screen:scene', payload: { seq, scene } });
    return scene;
  }

  /** A hot command: promise steps, not an async function (one promise of its own besides the store's). */
  react(identity: Identity, emoji: string): Promise<Record<string, never>> {
    return this.store.react(identity.eventId, emoji).then(() => ({}));
  }

  private async flushReactions(eventId: string, first: boolean): Promise<void> {
    const { version, counts } = await this.store.reactions(eventId);
    const now = Date.now();
    const last = this.windows.get(eventId);
    this.windows.set(eventId, { counts, at: now });
    // The first look at an event only sets the baseline: older reactions are not a burst.
    if (first || !last) return;
    const delta: Record<string, number> = {};
    for (const [emoji, n] of Object.entries(counts)) {
      const d = n - (last.counts[emoji] ?? 0);
      if (d > 0) delta[emoji] = d;
    }
    if (Object.keys(delta).length === 0) return;
    // Held for the audience's next turn, windows add up.
    this.out.local(
      eventId,
      'all',
      'reaction:burst',
      { version, counts: delta, windowMs: now - last.at },
      { merge: addBursts },
    );
  }
}
