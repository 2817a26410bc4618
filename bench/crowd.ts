// One worker's share of the audience: joins over HTTP, connects, votes, and records what arrives.
import { agents, field, request, type Agents } from './http.js';
import type {
  ConnectCmd,
  ConnectResult,
  CueResult,
  JoinCmd,
  StormCmd,
  StormResult,
  VoteCmd,
  VoteResult,
  WorkerEvent,
} from './ipc.js';
import type { Broadcast } from './protocol.js';
import { ackError, nowUs, received, socketUrl, WireClient } from './wire.js';

export const COUNTRIES = ['DE', 'CN', 'BR', 'US', 'ES', 'JP', 'NG', 'IN'];
/** The marker a measured cue carries in its body: `#B#<cue>#<send time in us>#`. */
export const CUE_MARK = '#B#';
const DEADLINE_MS = 10 * 60_000;

export class Member {
  token: string | null = null;
  wire: WireClient | null = null;
  /** The option of the last acked vote (bench polls). */
  choice: string | null = null;
  constructor(
    readonly index: number,
    readonly base: string,
    readonly eventId: string,
  ) {}
}

export type EventListener = (member: Member, name: Broadcast, frame: string, atUs: number) => void;

/** Runs `fn` over the items with at most `concurrency` at once; bounded by the count and a deadline. */
export async function eachLimited<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < items.length && Date.now() < deadline) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, runner));
}

/**
 * What a failed first try was: the kernel's RESET (ECONNRESET, a hang-up, EPIPE), CONN_REFUSED,
 * TIMEOUT, CLOSED (closed before the snapshot), HTTP_<status> (the upgrade answered otherwise), or
 * `refused:<code>`: the server's connect_error (RATE_LIMITED from admission control, UNAUTHORIZED).
 */
export function failureKind(message: string): string {
  if (message === 'TIMEOUT' || message === 'CLOSED') return message;
  if (!message.startsWith('SOCKET: ')) return `refused:${message}`;
  if (/ECONNRESET|socket hang up|EPIPE/.test(message)) return 'RESET';
  if (/ECONNREFUSED/.test(message)) return 'CONN_REFUSED';
  if (/timed out|ETIMEDOUT/i.test(message)) return 'TIMEOUT';
  const status = /Unexpected server response: (\d+)/.exec(message);
  return status ? `HTTP_${status[1]}` : 'OTHER';
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class Crowd {
  readonly members: Member[] = [];
  private http: Agents | null = null;
  private readonly cueLat = new Map<number, number[]>();
  connected = 0;
  joined = 0;
  failed = 0;
  disconnects = 0;
  listener: EventListener | null = null;

  constructor(private readonly emit: (event: WorkerEvent) => void) {}

  async join(cmd: JoinCmd): Promise<ConnectResult> {
    this.http ??= agents(Math.max(4, cmd.concurrency));
    const events = cmd.eventIds ?? [cmd.eventId];
    const fresh: Member[] = [];
    for (let i = cmd.from; i < cmd.to; i++) {
      fresh.push(new Member(i, cmd.bases[i % cmd.bases.length], events[i % events.length]));
    }
    this.members.push(...fresh);
    return this.run(fresh, cmd.concurrency, true, cmd.connect);
  }

  connect(cmd: ConnectCmd): Promise<ConnectResult> {
    const waiting = this.members.filter((m) => m.token !== null && m.wire === null);
    return this.run(waiting, cmd.concurrency, false, true);
  }

  private async run(members: Member[], concurrency: number, join: boolean, connect: boolean): Promise<ConnectResult> {
    const errors: Record<string, number> = {};
    const joinUs: number[] = [];
    const snapshotUs: number[] = [];
    let first = Infinity;
    let last = 0;
    let connected = 0;
    let joined = 0;
    await eachLimited(members, concurrency, async (m) => {
      const t0 = nowUs();
      first = Math.min(first, t0);
      try {
        if (join) {
          await this.joinOne(m);
          joinUs.push(nowUs() - t0);
          joined++;
        }
        if (connect) {
          await this.connectOne(m);
          snapshotUs.push(nowUs() - t0);
          connected++;
        }
        last = Math.max(last, nowUs());
      } catch (err) {
        this.failed++;
        bump(errors, (err as Error).message.slice(0, 80));
      }
    });
    return {
      attempted: members.length,
      joined,
      connected,
      errors,
      joinUs: Float64Array.from(joinUs),
      snapshotUs: Float64Array.from(snapshotUs),
      firstStartUs: first === Infinity ? 0 : first,
      lastDoneUs: last,
    };
  }

  /**
   * The connect storm: every joined client not connected yet tries once, evenly spread over the
   * window from the common start; no retry. Resolves when every try has connected or failed.
   */
  async storm(cmd: StormCmd): Promise<StormResult> {
    const members = this.members.filter((m) => m.token !== null && m.wire === null);
    const result: StormResult = {
      attempted: members.length,
      connected: 0,
      failures: {},
      messages: {},
      connectUs: new Float64Array(0),
      lastDoneUs: 0,
    };
    const connectUs: number[] = [];
    const tries: Promise<void>[] = [];
    const one = async (m: Member): Promise<void> => {
      const t0 = nowUs();
      try {
        await this.connectOne(m, cmd.timeoutMs);
        const done = nowUs();
        connectUs.push(done - t0);
        result.lastDoneUs = Math.max(result.lastDoneUs, done);
        result.connected++;
      } catch (err) {
        const message = (err as Error).message;
        this.failed++;
        bump(result.failures, failureKind(message));
        bump(result.messages, message.slice(0, 60));
      }
    };
    const stepUs = members.length > 0 ? (cmd.windowMs * 1000) / members.length : 0;
    // Open loop, as the votes: every millisecond or two, open what the schedule says is due by now.
    const deadline = Date.now() + cmd.windowMs + 60_000;
    let next = 0;
    while (next < members.length && Date.now() < deadline) {
      const due = Math.min(members.length, Math.floor((nowUs() - cmd.startUs) / stepUs) + 1);
      while (next < due) tries.push(one(members[next++]));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(tries);
    result.connectUs = Float64Array.from(connectUs);
    return result;
  }

  private async joinOne(m: Member): Promise<void> {
    const body = { name: `Bench ${m.index}`, country: COUNTRIES[m.index % COUNTRIES.length] };
    const url = `${m.base}/api/events/${encodeURIComponent(m.eventId)}/join`;
    const res = await request('POST', url, body, { agents: this.http ?? undefined });
    if (res.status !== 201) throw new Error(res.status === 0 ? `HTTP: ${res.text}` : `HTTP ${res.status}`);
    const token = field(res.text, 'token');
    if (token === null) throw new Error('HTTP: no token');
    m.token = token;
    this.joined++;
  }

  private async connectOne(m: Member, timeoutMs?: number): Promise<void> {
    const handlers = {
      onEvent: (name: Broadcast, frame: string, at: number) => this.onEvent(m, name, frame, at),
      onClose: () => {
        if (m.wire === null) return;
        this.connected--;
        this.disconnects++;
      },
    };
    m.wire = await WireClient.connect(socketUrl(m.base), m.token as string, handlers, {
      untilEvent: 'state',
      timeoutMs,
    });
    this.connected++;
  }

  private onEvent(m: Member, name: Broadcast, frame: string, at: number): void {
    if (name === 'stage:cue') {
      const i = frame.indexOf(CUE_MARK);
      if (i >= 0) {
        const j = frame.indexOf('#', i + CUE_MARK.length);
        const cue = Number(frame.slice(i + CUE_MARK.length, j));
        const sent = Number(frame.slice(j + 1, frame.indexOf('#', j + 1)));
        let lat = this.cueLat.get(cue);
        if (!lat) this.cueLat.set(cue, (lat = []));
        lat.push(at - sent);
        if (lat.length === this.connected) this.emit({ type: 'cue', cue, count: lat.length });
      }
    }
    this.listener?.(m, name, frame, at);
  }

  /** The receipts of measured cues since the last call. */
  cues(): CueResult {
    const cues = new Map<number, Float64Array>();
    for (const [cue, lat] of this.cueLat) cues.set(cue, Float64Array.from(lat));
    this.cueLat.clear();
    return { connected: this.connected, cues };
  }

  async vote(cmd: VoteCmd): Promise<VoteResult> {
    const voters = this.members.filter((m) => m.wire?.connected === true && m.index % cmd.every === 0);
    const result = emptyVotes();
    const cpu0 = process.cpuUsage();
    const frames0 = received.frames;
    const bytes0 = received.bytes;
    const lat: number[] = [];
    const pending: Promise<void>[] = [];
    const send = (m: Member): void => {
      const option = cmd.options[(m.index + cmd.shift) % cmd.options.length];
      const t = nowUs();
      result.firstSendUs = Math.min(result.firstSendUs, t);
      result.sent++;
      const wire = m.wire as WireClient;
      const quiz = cmd.quiz;
      const sent = quiz
        ? wire.emitAck('quiz:answer', { ...quiz, optionId: option }, cmd.timeoutMs)
        : wire.emitAck('poll:vote', { pollId: cmd.pollId, optionIds: [option] }, cmd.timeoutMs);
      pending.push(
        sent.then((ack) => {
          const code = ack.body === 'TIMEOUT' || ack.body === 'CLOSED' ? ack.body : ackError(ack.body);
          if (code !== null) return bump(result.errors, code);
          result.acked++;
          (result.byEvent[m.eventId] ??= { acked: 0, counts: {} }).acked++;
          lat.push(ack.atUs - t);
          result.lastAckUs = Math.max(result.lastAckUs, ack.atUs);
          m.choice = option;
        }),
      );
    };
    if (cmd.rate <= 0) {
      for (const m of voters) send(m);
    } else {
      // Open loop: every few ms, send what the rate says is due by now.
      const start = nowUs();
      const deadline = Date.now() + DEADLINE_MS;
      let next = 0;
      while (next < voters.length && Date.now() < deadline) {
        const due = Math.min(voters.length, Math.floor(((nowUs() - start) * cmd.rate) / 1e6) + 1);
        while (next < due) send(voters[next++]);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    await Promise.all(pending);
    for (const m of this.members) {
      if (m.choice === null) continue;
      bump(result.counts, m.choice);
      bump((result.byEvent[m.eventId] ??= { acked: 0, counts: {} }).counts, m.choice);
    }
    result.voters = this.members.filter((m) => m.choice !== null).length;
    result.latUs = Float64Array.from(lat);
    const cpu = process.cpuUsage(cpu0);
    result.cpuUs = cpu.user + cpu.system;
    result.framesIn = received.frames - frames0;
    result.bytesIn = received.bytes - bytes0;
    return result;
  }

  async close(): Promise<number> {
    let closed = 0;
    await eachLimited(this.members, 500, async (m) => {
      const wire = m.wire;
      m.wire = null;
      if (!wire) return;
      await wire.close();
      closed++;
    });
    this.connected = 0;
    return closed;
  }
}

export function emptyVotes(): VoteResult {
  return {
    sent: 0,
    acked: 0,
    errors: {},
    latUs: new Float64Array(0),
    firstSendUs: Infinity,
    lastAckUs: 0,
    counts: {},
    voters: 0,
    byEvent: {},
    cpuUs: 0,
    framesIn: 0,
    bytesIn: 0,
  };
}
