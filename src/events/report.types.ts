import type { Role } from '../auth/identity.js';

/** One minute of an event, over every node (PROTOCOL section 11). */
export interface MinuteFigures {
  /** The minute's start, ms since the epoch (a multiple of 60,000). */
  minute: number;
  /** The most sockets connected at once during the minute, per role (sampled by each node, summed). */
  connected: Record<Role, number>;
  /** People (audience) who sent any command during the minute. */
  active: number;
  joins: number;
  votes: number;
  answers: number;
  questions: number;
  upvotes: number;
}

/** The core's part of the report; each feature adds its own (src/protocol/report.ts composes them). */
export interface CoreReport {
  event: { id: string; name: string; createdAt: number; endedAt: number | null };
  generatedAt: number;
  people: {
    /** Audience members who joined (erased people stay counted, without name or country). */
    joined: number;
    koc: number;
    /** Joins by country (ISO code; `unknown` for none). */
    byCountry: Record<string, number>;
  };
  connections: { peak: number; peakAt: number | null };
  /** Every minute with any figure, oldest first. */
  timeline: MinuteFigures[];
}
