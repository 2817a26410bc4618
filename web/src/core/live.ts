import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientEvents, EventState, Figures, ServerEvents } from './types.js';
import { compareQuestions, isPublic } from '../../../src/qa/question.types.js';
import { QuizLive } from './quiz-live.js';

export type Status = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

export interface Burst {
  counts: Record<string, number>;
  windowMs: number;
  at: number;
}

export interface LiveOptions {
  url?: string;
  token: string;
  /** Called whenever the state changed (coalesced to one call per animation frame). */
  onChange?: (state: EventState) => void;
  onStatus?: (status: Status) => void;
  onBurst?: (burst: Burst) => void;
  onFigures?: (figures: Figures) => void;
}

interface SeqMessage {
  seq: number;
}

/** A command of the protocol; its payload and what its ack carries come from the server's own map. */
export type Command = keyof ClientEvents;
export type Payload<C extends Command> = Parameters<ClientEvents[C]>[0];
export type AckData<C extends Command> = Parameters<ClientEvents[C]>[1] extends (ack: Ack<infer T>) => void ? T : never;
/** A command whose payload is anything (state:sync, crash:standing) may be sent without one. */
type PayloadArgs<C extends Command> = unknown extends Payload<C> ? [payload?: Payload<C>] : [payload: Payload<C>];
/** The one emit of the client, by name: the map is checked by `send`'s signature. */
type Emit = (command: Command, payload: unknown) => Promise<unknown>;

/** One routing hint per page: nginx keeps this page's long-polling requests on one node. */
function affinity(): string {
  const key = 'summit:affinity';
  let value = sessionStorage.getItem(key);
  if (!value) {
    value = Math.random().toString(36).slice(2, 12);
    sessionStorage.setItem(key, value);
  }
  return value;
}

/**
 * The client side of PROTOCOL section 3: the snapshot on every connect, seq-ordered changes (a gap
 * means state:sync), counters with versions (older ones dropped), jittered reconnects. The state
 * it holds is always a whole snapshot patched by what arrived since.
 */
export class LiveEvent {
  state: EventState | null = null;
  status: Status = 'connecting';
  private readonly socket: Socket<ServerEvents, ClientEvents>;
  /** The quiz's broadcasts, and what of them the snapshot does not hold (quiz-live.ts). */
  readonly quiz: QuizLive;
  private readonly versions = new Map<string, number>();
  private frame = 0;
  private syncing = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private moving: ReturnType<typeof setTimeout> | null = null;
  /** Commands waiting for their ack: a draining node's client leaves between commands. */
  private sending = 0;

  constructor(private readonly options: LiveOptions) {
    this.socket = io(options.url ?? location.origin, {
      auth: { token: options.token },
      query: { affinity: affinity() },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      randomizationFactor: 0.5,
    });
    this.listen();
    this.quiz = new QuizLive(this.socket, {
      ordered: (message, apply) => this.ordered(message, apply),
      fresh: (name, version) => this.fresh(name, version),
      changed: () => this.changed(),
      state: () => this.state,
    });
  }

  /** Sends a command and resolves with its ack ({ ok: false, error } on timeout or offline too). */
  async send<C extends Command>(command: C, ...[payload]: PayloadArgs<C>): Promise<Ack<AckData<C>>> {
    this.sending += 1;
    try {
      const timed = this.socket.timeout(8000);
      const emit = timed.emitWithAck.bind(timed) as Emit;
      return (await emit(command, payload ?? {})) as Ack<AckData<C>>;
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'No answer: check the connection and try again' } };
    } finally {
      this.sending -= 1;
    }
  }

  close(): void {
    if (this.retry) clearTimeout(this.retry);
    if (this.moving) clearTimeout(this.moving);
    this.socket.disconnect();
  }

  private setStatus(status: Status): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  private changed(): void {
    if (this.frame || !this.state) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.state) this.options.onChange?.(this.state);
    });
  }

  private async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    const ack = await this.send('state:sync');
    this.syncing = false;
    if (ack.ok) this.replace(ack.data);
  }

  private replace(state: EventState): void {
    this.state = state;
    this.versions.clear();
    for (const poll of state.polls) if (poll.tally) this.versions.set(`poll:${poll.id}`, poll.tally.version);
    this.changed();
  }

  /** Applies a change of state in seq order; a gap (or a reconnect) means a fresh snapshot. */
  private ordered(message: SeqMessage, apply: (state: EventState) => void): void {
    const state = this.state;
    if (!state) return;
    if (message.seq <= state.seq) return;
    apply(state);
    if (message.seq > state.seq + 1) void this.sync();
    state.seq = message.seq;
    this.changed();
  }

  /** A counter: dropped when older than the one held. */
  private fresh(name: string, version: number): boolean {
    if ((this.versions.get(name) ?? -1) >= version) return false;
    this.versions.set(name, version);
    return true;
  }

  private listen(): void {
    this.listenConnection();
    this.listenState();
    this.listenForum();
    this.listenStageAndCrash();
  }

  /** Connected, dropped, told to move, refused at the handshake; the browser's network. */
  private listenConnection(): void {
    const s = this.socket;
    s.on('connect', () => this.setStatus('live'));
    s.on('disconnect', () => {
      if (this.moving) clearTimeout(this.moving);
      this.moving = null;
      this.setStatus(navigator.onLine ? 'reconnecting' : 'offline');
    });
    // The node is shutting down: reconnect (the load balancer sends us to another node) at a
    // random moment of its window, so that its clients do not all arrive elsewhere at once.
    s.on('server:draining', (m) => {
      if (this.moving) return;
      const leave = (): void => {
        this.moving = this.sending > 0 ? setTimeout(leave, 50) : null;
        if (!this.moving && s.connected) s.disconnect().connect();
      };
      this.moving = setTimeout(leave, Math.random() * m.reconnectWithinMs);
    });
    s.io.on('reconnect_attempt', () => this.setStatus('reconnecting'));
    s.on('connect_error', (err) => {
      if (err.message === 'UNAUTHORIZED') {
        this.setStatus('unauthorized');
        return;
      }
      this.setStatus('reconnecting');
      // A refusal at the handshake is not retried by socket.io-client: retry with jitter, after
      // the server's retryAfterMs when it is busy (RATE_LIMITED).
      const asked = (err as Error & { data?: { retryAfterMs?: unknown } }).data?.retryAfterMs;
      const wait = typeof asked === 'number' ? asked + Math.random() * 1000 : 1000 + Math.random() * 4000;
      if (!s.active && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          s.connect();
        }, wait);
      }
    });
    window.addEventListener('online', () => {
      if (!s.connected) s.connect();
    });
    window.addEventListener('offline', () => this.setStatus('offline'));
  }

  /** The snapshot, seq-only moves, polls and their tallies. */
  private listenState(): void {
    const s = this.socket;
    s.on('state', (state) => this.replace(state));
    s.on('state:seq', (m) => this.ordered(m, () => undefined));
    // After a rehearsal's reset the whole state changed at once: take it whole (audience tokens
    // from before are refused and their page joins again; see the 'unauthorized' status).
    s.on('event:reset', () => void this.sync());
    s.on('poll:updated', (m) =>
      this.ordered(m, (state) => {
        const at = state.polls.findIndex((p) => p.id === m.poll.id);
        const held = at >= 0 ? state.polls[at] : undefined;
        // A change without a tally keeps a newer tally the client already has.
        const poll = m.poll.tally || !held?.tally ? m.poll : { ...m.poll, tally: held.tally };
        if (m.poll.tally)
          this.versions.set(
            `poll:${poll.id}`,
            Math.max(m.poll.tally.version, this.versions.get(`poll:${poll.id}`) ?? 0),
          );
        if (at >= 0) state.polls[at] = poll;
        else state.polls.unshift(poll);
      }),
    );
    s.on('poll:tally', (tally) => {
      const poll = this.state?.polls.find((p) => p.id === tally.pollId);
      if (!poll || !this.fresh(`poll:${tally.pollId}`, tally.version)) return;
      poll.tally = tally;
      this.changed();
    });
  }

  /** The forum: questions, removals, my questions, upvote counters, settings. */
  private listenForum(): void {
    const s = this.socket;
    s.on('qa:question', (m) =>
      this.ordered(m, (state) => {
        const others = state.questions.filter((q) => q.id !== m.question.id);
        const keep = state.role === 'operator' || isPublic(m.question);
        state.questions = (keep ? [...others, m.question] : others).sort(compareQuestions);
      }),
    );
    s.on('qa:removed', (m) =>
      this.ordered(m, (state) => {
        state.questions = state.questions.filter((q) => q.id !== m.questionId);
      }),
    );
    s.on('qa:mine', (m) => {
      const state = this.state;
      if (!state) return;
      state.myQuestions = [...state.myQuestions.filter((q) => q.id !== m.question.id), m.question];
      this.changed();
    });
    s.on('qa:upvotes', (m) => {
      const state = this.state;
      if (!state || !this.fresh('qa', m.version)) return;
      for (const q of state.questions) if (m.counts[q.id] !== undefined) q.upvotes = m.counts[q.id];
      for (const q of state.myQuestions) if (m.counts[q.id] !== undefined) q.upvotes = m.counts[q.id];
      state.questions.sort(compareQuestions);
      this.changed();
    });
    s.on('qa:settings', (m) =>
      this.ordered(m, (state) => {
        state.forum = { moderation: m.moderation };
      }),
    );
  }

  /** Stage cues, the screens' scene, the board, predictors, reactions and the operators' figures. */
  private listenStageAndCrash(): void {
    const s = this.socket;
    s.on('stage:cue', (m) =>
      this.ordered(m, (state) => {
        state.stage = { cue: m.cue && m.cue.kind === 'clear' ? null : m.cue };
      }),
    );
    s.on('screen:scene', (m) =>
      this.ordered(m, (state) => {
        state.screen = { scene: m.scene };
      }),
    );
    s.on('crash:board', (m) =>
      this.ordered(m, (state) => {
        state.board = m.board;
      }),
    );
    s.on('crash:predictors', (m) => {
      const state = this.state;
      if (!state || !this.fresh('predictors', m.version)) return;
      state.predictors = m.rows;
      this.changed();
    });
    s.on('reaction:burst', (m) => {
      if (this.fresh('reactions', m.version))
        this.options.onBurst?.({ counts: m.counts, windowMs: m.windowMs, at: Date.now() });
    });
    s.on('ops:figures', (figures) => this.options.onFigures?.(figures));
  }
}
