// What the coordinator and its worker processes say to each other (child_process IPC with the
// 'advanced' serialization, so typed arrays cross as they are).

/** Join over HTTP clients `from`..`to`-1 (client i goes to node i % bases.length); connect unless told not to. */
export interface JoinCmd {
  cmd: 'join';
  eventId: string;
  /** The crowd split over events: client i joins eventIds[i % length] (instead of eventId). */
  eventIds?: string[];
  bases: string[];
  from: number;
  to: number;
  concurrency: number;
  connect: boolean;
  /** Rehearsal: vote on open polls by themselves, within this many ms of seeing them open. */
  autoVoteWindowMs?: number;
}

/** Connect every joined client not connected yet. */
export interface ConnectCmd {
  cmd: 'connect';
  concurrency: number;
}

/**
 * The connect storm: every joined client not connected yet opens its socket once, the worker's
 * share spread evenly over `windowMs` from `startUs` (the machine's monotonic clock, see nowUs).
 */
export interface StormCmd {
  cmd: 'storm';
  startUs: number;
  windowMs: number;
  /** One try each: given up (TIMEOUT) after this long. */
  timeoutMs: number;
}

/** Clients whose index % every === 0 vote for options[(index + shift) % options.length]. */
export interface VoteCmd {
  cmd: 'vote';
  pollId: string;
  options: string[];
  shift: number;
  every: number;
  /** Votes per second offered by this worker; 0: all at once. */
  rate: number;
  timeoutMs: number;
  /** Answer this quiz question (`quiz:answer`, option = optionId) instead of voting on `pollId`. */
  quiz?: { quizId: string; questionId: string };
}

export interface SimpleCmd {
  cmd: 'cues' | 'close' | 'usage' | 'rehearsal';
}

export interface ConnectResult {
  attempted: number;
  joined: number;
  connected: number;
  errors: Record<string, number>;
  /** Start of the join request to the answer, per joined client (us). */
  joinUs: Float64Array;
  /** Start of the join request (or of the connect) to the snapshot, per connected client (us). */
  snapshotUs: Float64Array;
  firstStartUs: number;
  lastDoneUs: number;
}

export interface StormResult {
  attempted: number;
  /** In on the first try: the handshake done and the snapshot (`state`) received. */
  connected: number;
  /** How each first try failed, by kind: RESET, CONN_REFUSED, TIMEOUT, CLOSED, or the server's refusal code. */
  failures: Record<string, number>;
  /** The first words of each failure's message, for the report when a kind is not obvious. */
  messages: Record<string, number>;
  /** Scheduled start of each connected client's try to its snapshot (us). */
  connectUs: Float64Array;
  /** When the last connected client got its snapshot (us, monotonic clock); 0 when none did. */
  lastDoneUs: number;
}

export interface VoteResult {
  sent: number;
  acked: number;
  /** Error codes of refused votes, and TIMEOUT / CLOSED for votes never answered. */
  errors: Record<string, number>;
  latUs: Float64Array;
  firstSendUs: number;
  lastAckUs: number;
  /** Per option, the clients whose last acked vote is for it (the exact final tally). */
  counts: Record<string, number>;
  voters: number;
  /** Per event of the voters: votes acked in this command, and the exact final tally. */
  byEvent: Record<string, { acked: number; counts: Record<string, number> }>;
  /** This worker's CPU, and the frames and characters its clients received, during the command. */
  cpuUs: number;
  framesIn: number;
  bytesIn: number;
}

export interface CueResult {
  connected: number;
  /** Cue number to the latencies (us) of its receipts by this worker's clients. */
  cues: Map<number, Float64Array>;
}

export interface UsageResult {
  cpuUs: number;
  rssBytes: number;
}

export interface CloseResult {
  closed: number;
}

/** What a rehearsal's clients saw, per worker. */
export interface RehearsalResult {
  votes: VoteResult;
  /** Broadcast (`event#seq`) to the receipt times (us) of this worker's clients. */
  broadcasts: Map<string, Float64Array>;
  disconnects: number;
}

export interface CommandMap {
  join: [JoinCmd, ConnectResult];
  connect: [ConnectCmd, ConnectResult];
  storm: [StormCmd, StormResult];
  vote: [VoteCmd, VoteResult];
  cues: [SimpleCmd, CueResult];
  close: [SimpleCmd, CloseResult];
  usage: [SimpleCmd, UsageResult];
  rehearsal: [SimpleCmd, RehearsalResult];
}
export type CommandName = keyof CommandMap;
export type CommandOf<K extends CommandName> = CommandMap[K][0] & { cmd: K };
export type ResultOf<K extends CommandName> = CommandMap[K][1];
export type Command = { [K in CommandName]: CommandOf<K> }[CommandName];

export type WorkerEvent =
  | { type: 'cue'; cue: number; count: number }
  | { type: 'progress'; joined: number; connected: number; failed: number; acked: number; voteErrors: number };

export interface Request {
  id: number;
  command: Command;
}

export type Reply = { id: number; result: unknown } | { id: number; error: string } | { event: WorkerEvent };
