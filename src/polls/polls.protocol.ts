import type { AckFn } from '../realtime/protocol.js';
import type { Poll, Tally, TextAnswer, Vote } from './poll.types.js';

/** Keynote polls (PROTOCOL section 4): commands; payloads are validated by the DTOs. */
export interface PollCommands {
  'poll:create': (payload: unknown, ack: AckFn<Poll>) => void;
  'poll:open': (payload: { pollId: string }, ack: AckFn<Poll>) => void;
  'poll:close': (payload: { pollId: string }, ack: AckFn<Poll>) => void;
  'poll:reveal': (payload: { pollId: string }, ack: AckFn<Poll>) => void;
  'poll:vote': (payload: { pollId: string } & Vote, ack: AckFn<{ pollId: string; vote: Vote }>) => void;
  /** Text polls (section 9): an operator approves or rejects one answer. */
  'poll:moderate-answer': (
    payload: { pollId: string; answerId: string; action: 'approve' | 'reject' },
    ack: AckFn<TextAnswer>,
  ) => void;
}

export interface PollBroadcasts {
  'poll:updated': (payload: { seq: number; poll: Poll }) => void;
  'poll:tally': (tally: Tally) => void;
}

/** The polls' part of the snapshot. */
export interface PollsPart {
  /** Newest first; the tally where this role may see it. */
  polls: Poll[];
  /** Audience: the person's votes; others: empty. */
  myVotes: Record<string, Vote>;
}

/** The polls' part of the event's report (PROTOCOL section 11). */
export interface PollsReport {
  /** Every poll, oldest first, drafts included, each with its final tally as operators see it. */
  polls: (Poll & { tally: Tally })[];
}
