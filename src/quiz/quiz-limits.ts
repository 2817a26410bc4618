/**
 * Bounds of a quiz: the DTOs check them, and they keep a board's composite score exact (see
 * SCORE_SCALE in quiz-rules.ts).
 */
export const MAX_QUESTIONS = 50;
export const MAX_QUIZ_OPTIONS = 10;
export const MAX_BASE_POINTS = 10_000;
export const MIN_TIME_LIMIT_MS = 5_000;
export const MAX_TIME_LIMIT_MS = 120_000;
