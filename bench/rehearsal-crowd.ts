// A rehearsal's audience behaves by itself: it votes on every poll it sees open (after a random
// delay within a window, as people do), and notes when each broadcast reached it.
import { emptyVotes, type Crowd, type Member } from './crowd.js';
import type { RehearsalResult } from './ipc.js';
import type { Broadcast, Poll, Vote } from './protocol.js';
import { ackError, nowUs, payloadOf } from './wire.js';

const WORDS = ['safety', 'range', 'design', 'price', 'comfort', 'charging', 'quiet', 'software'];
const MAX_TIMERS = 200_000;

function ballot(poll: Poll, index: number): Vote | null {
  const pick = (n: number): number => (index * 7919 + Math.floor(Math.random() * 1000)) % n;
  if ((poll.kind === 'single' || poll.kind === 'multi') && poll.options.length > 0) {
    return { optionIds: [poll.options[pick(poll.options.length)].id] };
  }
  if (poll.kind === 'rating') {
    const scale = poll.scale ?? { min: 1, max: 5 };
    return { value: scale.min + pick(scale.max - scale.min + 1) };
  }
  if (poll.kind === 'wordcloud') return { text: WORDS[pick(WORDS.length)] };
  return null;
}

export class RehearsalCrowd {
  private readonly votes = emptyVotes();
  private readonly lat: number[] = [];
  private readonly broadcasts = new Map<string, number[]>();
  private readonly voted = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly crowd: Crowd,
    private readonly windowMs: number,
  ) {
    crowd.listener = (m, name, frame, at) => this.seen(m, name, frame, at);
  }

  private seen(m: Member, name: Broadcast, frame: string, at: number): void {
    if (name === 'poll:updated' || name === 'stage:cue' || name === 'qa:question' || name === 'crash:board') {
      const match = /"seq":(\d+)/.exec(frame);
      if (match) {
        const key = `${name}#${match[1]}`;
        let times = this.broadcasts.get(key);
        if (!times) this.broadcasts.set(key, (times = []));
        times.push(at);
      }
    }
    let polls: Poll[];
    let already = new Set<string>();
    if (name === 'state') {
      const state = payloadOf(name, frame);
      polls = state.polls;
      already = new Set(Object.keys(state.myVotes));
    } else if (name === 'poll:updated') {
      polls = [payloadOf(name, frame).poll];
    } else return;
    for (const poll of polls) {
      const key = `${m.index}/${poll.id}`;
      if (poll.status !== 'open' || already.has(poll.id) || this.voted.has(key)) continue;
      this.voted.add(key);
      this.later(m, poll);
    }
  }

  private later(m: Member, poll: Poll): void {
    if (this.stopped || this.timers.size >= MAX_TIMERS) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.cast(m, poll);
    }, Math.random() * this.windowMs);
    this.timers.add(timer);
  }

  private async cast(m: Member, poll: Poll): Promise<void> {
    const vote = ballot(poll, m.index);
    const wire = m.wire;
    if (vote === null || wire === null || !wire.connected) return;
    const t = nowUs();
    const v = this.votes;
    v.firstSendUs = Math.min(v.firstSendUs, t);
    v.sent++;
    const ack = await wire.emitAck('poll:vote', { pollId: poll.id, ...vote }, 30_000);
    const code = ack.body === 'TIMEOUT' || ack.body === 'CLOSED' ? ack.body : ackError(ack.body);
    if (code !== null) {
      v.errors[code] = (v.errors[code] ?? 0) + 1;
      return;
    }
    v.acked++;
    this.lat.push(ack.atUs - t);
    v.lastAckUs = Math.max(v.lastAckUs, ack.atUs);
  }

  get acked(): number {
    return this.votes.acked;
  }

  get voteErrors(): number {
    return Object.values(this.votes.errors).reduce((a, b) => a + b, 0);
  }

  /** Stops voting and answers what was seen. */
  result(): RehearsalResult {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const broadcasts = new Map<string, Float64Array>();
    for (const [key, times] of this.broadcasts) broadcasts.set(key, Float64Array.from(times));
    const votes = { ...this.votes, latUs: Float64Array.from(this.lat) };
    return { votes, broadcasts, disconnects: this.crowd.disconnects };
  }
}
