/** A vehicle in the challenge. */
export interface Entry {
  id: string;
  name: string;
  brand: string;
  model?: string;
  country?: string;
}

/** One crash-test result; `id` is the caller's idempotency key. */
export interface Result {
  id: string;
  entryId: string;
  test: string;
  score: number;
  stars?: number;
  metrics?: Record<string, number>;
  status: 'valid' | 'void';
  /** When this content was recorded (first sent, or last amended). */
  at: number;
}

export interface BoardRow {
  rank: number;
  entryId: string;
  name: string;
  brand: string;
  total: number;
  /** Tests in which the entry has a valid 5-star result (the first tie-break). */
  stars: number;
  scores: Record<string, number>;
}

export interface Board {
  version: number;
  frozen: boolean;
  tests: string[];
  rows: BoardRow[];
}

/** A change of a result, kept so that a disputed result can be explained on the day. */
export interface AuditEntry {
  at: number;
  by: { id: string; name: string | null };
  action: 'create' | 'amend' | 'void';
  resultId: string;
  before: Result | null;
  after: Result;
}

/** The predictors' leaderboard: top N of the audience by points. */
export interface PredictorRow {
  rank: number;
  id: string;
  name: string | null;
  country: string | null;
  points: number;
}
