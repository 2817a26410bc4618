import type { MemoryEventClock } from '../../realtime/event-clock.js';
import { answerPoints, rankPlayers, type PlayerTotals, type StoredAnswer } from '../quiz-rules.js';
import type {
  AnswerInput,
  AnswerResult,
  Player,
  PersonResult,
  QuizStore,
  RevealResult,
  StepResult,
  StoredBoards,
} from '../quiz.store.js';
import type { MyQuiz, Quiz } from '../quiz.types.js';

interface Entry {
  quiz: Quiz;
  /** questionId -> personId -> answer. */
  answers: Map<string, Map<string, { optionId: string; elapsedMs: number }>>;
  /** Everyone who answered at least once: name and country of their first answer. */
  people: Map<string, { name: string | null; country: string | null }>;
  /** Everyone scored at a reveal. */
  totals: Map<string, PlayerTotals>;
  countries: Map<string, { sum: number; people: number }>;
  /** Ranks as of the last reveal (totals only move there). */
  ranks: Map<string, number>;
}

/** Embedded mode: one process, so a synchronous change is atomic. */
export class MemoryQuizStore implements QuizStore {
  private readonly events = new Map<string, Map<string, Entry>>();

  constructor(private readonly clock: MemoryEventClock) {}

  private entry(eventId: string, quizId: string): Entry | undefined {
    return this.events.get(eventId)?.get(quizId);
  }

  create(eventId: string, quiz: Quiz): Promise<number | null> {
    let quizzes = this.events.get(eventId);
    if (!quizzes) this.events.set(eventId, (quizzes = new Map<string, Entry>()));
    if (quizzes.has(quiz.id)) return Promise.resolve(null);
    const { questionCount: _count, ...rest } = structuredClone(quiz);
    quizzes.set(quiz.id, {
      quiz: { ...rest, status: 'draft', current: null },
      answers: new Map(),
      people: new Map(),
      totals: new Map(),
      countries: new Map(),
      ranks: new Map(),
    });
    return Promise.resolve(this.clock.nextSeq(eventId));
  }

  get(eventId: string, quizId: string): Promise<Quiz | null> {
    const entry = this.entry(eventId, quizId);
    return Promise.resolve(entry ? structuredClone(entry.quiz) : null);
  }

  list(eventId: string): Promise<Quiz[]> {
    const all = [...(this.events.get(eventId)?.values() ?? [])].map((e) => structuredClone(e.quiz));
    return Promise.resolve(all.reverse());
  }

  next(eventId: string, quizId: string, at: number): Promise<StepResult> {
    const entry = this.entry(eventId, quizId);
    if (!entry) return Promise.resolve({ kind: 'missing' });
    const quiz = entry.quiz;
    if (quiz.status === 'ended') return Promise.resolve({ kind: 'refused', reason: 'ended' });
    if (quiz.current && quiz.current.phase !== 'reveal')
      return Promise.resolve({ kind: 'refused', reason: 'unrevealed' });
    const index = quiz.current ? quiz.current.index + 1 : 0;
    const question = quiz.questions[index];
    if (!question) return Promise.resolve({ kind: 'refused', reason: 'last' });
    quiz.status = 'running';
    quiz.current = { index, phase: 'question', startsAt: at, endsAt: at + question.timeLimitMs, closed: false };
    return this.changed(eventId, quiz);
  }

  end(eventId: string, quizId: string): Promise<StepResult> {
    const entry = this.entry(eventId, quizId);
    if (!entry) return Promise.resolve({ kind: 'missing' });
    const quiz = entry.quiz;
    if (quiz.status === 'ended') return Promise.resolve({ kind: 'unchanged', quiz: structuredClone(quiz) });
    if (quiz.status === 'draft') return Promise.resolve({ kind: 'refused', reason: 'draft' });
    if (quiz.current?.phase === 'question') return Promise.resolve({ kind: 'refused', reason: 'unrevealed' });
    quiz.status = 'ended';
    return this.changed(eventId, quiz);
  }

  private changed(eventId: string, quiz: Quiz): Promise<StepResult> {
    return Promise.resolve({ kind: 'changed', quiz: structuredClone(quiz), seq: this.clock.nextSeq(eventId) });
  }

  answer(eventId: string, input: AnswerInput): Promise<AnswerResult> {
    const entry = this.entry(eventId, input.quizId);
    if (!entry) return Promise.resolve('missing');
    const { status, current, questions } = entry.quiz;
    if (status !== 'running' || !current || current.phase !== 'question' || current.closed) {
      return Promise.resolve('closed');
    }
    if (questions[current.index].id !== input.questionId || input.at > current.endsAt) return Promise.resolve('closed');
    let answers = entry.answers.get(input.questionId);
    if (!answers)
      entry.answers.set(input.questionId, (answers = new Map<string, { optionId: string; elapsedMs: number }>()));
    if (answers.has(input.personId)) return Promise.resolve('conflict');
    const elapsedMs = Math.max(0, input.at - current.startsAt);
    answers.set(input.personId, { optionId: input.optionId, elapsedMs });
    if (!entry.people.has(input.personId)) {
      entry.people.set(input.personId, { name: input.name, country: input.country });
    }
    this.clock.bump(eventId, `quiz:${input.quizId}`);
    return Promise.resolve({ elapsedMs });
  }

  close(eventId: string, quizId: string, at: number): Promise<{ seq: number; questionId: string } | null> {
    const quiz = this.entry(eventId, quizId)?.quiz;
    const current = quiz?.current;
    if (!quiz || quiz.status !== 'running' || !current || current.phase !== 'question' || current.closed) {
      return Promise.resolve(null);
    }
    if (at <= current.endsAt) return Promise.resolve(null);
    current.closed = true;
    return Promise.resolve({ seq: this.clock.nextSeq(eventId), questionId: quiz.questions[current.index].id });
  }

  due(eventId: string, at: number): Promise<string[]> {
    const out: string[] = [];
    for (const [id, { quiz }] of this.events.get(eventId) ?? []) {
      const c = quiz.current;
      if (quiz.status === 'running' && c && c.phase === 'question' && !c.closed && at > c.endsAt) out.push(id);
    }
    return Promise.resolve(out);
  }

  reveal(eventId: string, quizId: string): Promise<RevealResult> {
    const entry = this.entry(eventId, quizId);
    if (!entry) return Promise.resolve({ kind: 'missing' });
    const quiz = entry.quiz;
    const current = quiz.current;
    if (quiz.status === 'draft' || !current) return Promise.resolve({ kind: 'refused', reason: 'idle' });
    if (current.phase === 'reveal') return Promise.resolve({ kind: 'unchanged', quiz: structuredClone(quiz) });
    const question = quiz.questions[current.index];
    const right = new Set(question.correct ?? []);
    const answers = entry.answers.get(question.id) ?? new Map<string, { optionId: string; elapsedMs: number }>();
    const counts: Record<string, number> = Object.fromEntries(question.options.map((o) => [o.id, 0]));
    for (const a of answers.values()) counts[a.optionId] = (counts[a.optionId] ?? 0) + 1;
    const gained = new Map<string, { correct: boolean; points: number }>();
    for (const [id, person] of entry.people) {
      let t = entry.totals.get(id);
      if (!t) {
        entry.totals.set(id, (t = { id, points: 0, elapsedMs: 0, correct: 0, streak: 0 }));
        if (person.country !== null) this.country(entry, person.country).people += 1;
      }
      const a = answers.get(id);
      const correct = a !== undefined && right.has(a.optionId);
      const points = correct ? answerPoints(quiz.scoring, question.timeLimitMs, a.elapsedMs, t.streak) : 0;
      if (correct) {
        t.points += points;
        t.elapsedMs += a.elapsedMs;
        t.correct += 1;
        t.streak += 1;
      } else {
        t.streak = 0;
      }
      gained.set(id, { correct, points });
      if (person.country !== null) this.country(entry, person.country).sum += points;
    }
    current.phase = 'reveal';
    current.closed = true;
    const ranked = rankPlayers(this.scores(entry));
    entry.ranks = new Map(ranked.map((s) => [s.id, s.rank]));
    const results: PersonResult[] = [...entry.totals.values()].map((t) => ({
      id: t.id,
      correct: gained.get(t.id)?.correct ?? false,
      points: gained.get(t.id)?.points ?? 0,
      total: t.points,
      streak: t.streak,
      rank: entry.ranks.get(t.id) ?? 0,
    }));
    const seq = this.clock.nextSeq(eventId);
    return Promise.resolve({
      kind: 'revealed',
      quiz: structuredClone(quiz),
      seq,
      questionId: question.id,
      counts,
      results,
    });
  }

  private country(entry: Entry, code: string): { sum: number; people: number } {
    let c = entry.countries.get(code);
    if (!c) entry.countries.set(code, (c = { sum: 0, people: 0 }));
    return c;
  }

  private scores(entry: Entry): Player[] {
    return [...entry.totals.values()].map((t) => ({
      ...t,
      ...(entry.people.get(t.id) ?? { name: null, country: null }),
    }));
  }

  answered(eventId: string, quizId: string, questionId: string): Promise<{ answered: number; version: number }> {
    const answered = this.entry(eventId, quizId)?.answers.get(questionId)?.size ?? 0;
    return Promise.resolve({ answered, version: this.clock.version(eventId, `quiz:${quizId}`) });
  }

  boards(eventId: string, quizId: string, limit: number): Promise<StoredBoards> {
    const entry = this.entry(eventId, quizId);
    if (!entry) return Promise.resolve({ leaderboard: [], countries: [] });
    const leaderboard = rankPlayers(this.scores(entry)).slice(0, limit);
    const countries = [...entry.countries].map(([country, c]) => ({ country, sum: c.sum, people: c.people }));
    return Promise.resolve({ leaderboard, countries });
  }

  mine(eventId: string, quizId: string, questionIds: string[], personId: string): Promise<MyQuiz | null> {
    const entry = this.entry(eventId, quizId);
    if (!entry?.people.has(personId)) return Promise.resolve(null);
    const answers: Record<string, string> = {};
    for (const q of questionIds) {
      const a = entry.answers.get(q)?.get(personId);
      if (a) answers[q] = a.optionId;
    }
    const t = entry.totals.get(personId);
    return Promise.resolve({
      answers,
      total: t?.points ?? 0,
      rank: entry.ranks.get(personId) ?? null,
      streak: t?.streak ?? 0,
    });
  }

  answers(eventId: string, quizId: string): Promise<StoredAnswer[]> {
    const out: StoredAnswer[] = [];
    for (const [questionId, answers] of this.entry(eventId, quizId)?.answers ?? []) {
      for (const [personId, a] of answers)
        out.push({ personId, questionId, optionId: a.optionId, elapsedMs: a.elapsedMs });
    }
    return Promise.resolve(out);
  }

  players(eventId: string, quizId: string): Promise<Player[]> {
    const entry = this.entry(eventId, quizId);
    return Promise.resolve(entry ? this.scores(entry) : []);
  }

  erasePerson(eventId: string, personId: string): Promise<void> {
    let changed = false;
    for (const [quizId, entry] of this.events.get(eventId) ?? []) {
      let removed = entry.people.delete(personId);
      for (const answers of entry.answers.values()) removed = answers.delete(personId) || removed;
      removed = entry.totals.delete(personId) || removed;
      if (!removed) continue;
      // Ranks as a reveal would give them now: the Redis board's ranks are counted the same way.
      if (entry.ranks.size > 0) entry.ranks = new Map(rankPlayers(this.scores(entry)).map((s) => [s.id, s.rank]));
      this.clock.bump(eventId, `quiz:${quizId}`);
      changed = true;
    }
    // Boards changed: cached snapshots are read again; clients that see the seq gap resync.
    if (changed) this.clock.nextSeq(eventId);
    return Promise.resolve();
  }

  reset(eventId: string): Promise<void> {
    for (const [quizId, entry] of this.events.get(eventId) ?? []) {
      for (const map of [entry.answers, entry.people, entry.totals, entry.countries, entry.ranks]) map.clear();
      entry.quiz = { ...entry.quiz, status: 'draft', current: null };
      // Forward, never back: clients drop an answer count older than the one they hold.
      this.clock.bump(eventId, `quiz:${quizId}`);
    }
    return Promise.resolve();
  }

  deleteEvent(eventId: string): Promise<void> {
    this.events.delete(eventId);
    return Promise.resolve();
  }
}
