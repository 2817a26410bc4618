import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventData, type CsvFile, type EventDataPart } from '../events/event-data.js';
import { rankCountries, rankPlayers, standings } from './quiz-rules.js';
import type { QuizReport, QuizReportItem } from './quiz.protocol.js';
import type { QuizResults } from './quiz.service.js';
import { QUIZ_STORE, type QuizStore } from './quiz.store.js';
import type { I18nText } from '../common/i18n-text.validator.js';
import type { MyQuiz } from './quiz.types.js';
import { quizResultsCsv } from './results-csv.js';

const ALL = Number.MAX_SAFE_INTEGER;

/** What a person's export holds of the quizzes: per quiz they played, the name and country they played with, their answers and totals. */
export interface QuizExport {
  quizzes: (MyQuiz & { quizId: string; title: I18nText; name: string | null; country: string | null })[];
}

/**
 * The quizzes' part of the event's data (PROTOCOL section 11). Erasure takes the person off every
 * quiz (answers, name and country, totals, board place); the countries' sums and counts stay, as
 * anonymous counters, and the counts of answers already revealed were sent and are not stored.
 */
@Injectable()
export class QuizData implements EventDataPart<QuizReport>, OnModuleInit {
  readonly name = 'quiz';

  constructor(
    @Inject(QUIZ_STORE) private readonly store: QuizStore,
    private readonly config: AppConfig,
    private readonly eventData: EventData,
  ) {}

  onModuleInit(): void {
    this.eventData.register(this);
  }

  async report(eventId: string): Promise<QuizReport> {
    const quizzes = (await this.store.list(eventId)).reverse();
    return { quizzes: await Promise.all(quizzes.map((q) => this.item(eventId, q.id))) };
  }

  async csv(eventId: string): Promise<CsvFile[]> {
    const quizzes = (await this.store.list(eventId)).reverse();
    return Promise.all(
      quizzes.map(async (q) => ({
        name: `quiz-${q.id}.csv`,
        content: quizResultsCsv(await this.results(eventId, q.id)),
      })),
    );
  }

  async exportPerson(eventId: string, personId: string): Promise<QuizExport | null> {
    const out: QuizExport['quizzes'] = [];
    for (const quiz of (await this.store.list(eventId)).reverse()) {
      const ids = quiz.questions.map((q) => q.id);
      const [mine, players] = await Promise.all([
        this.store.mine(eventId, quiz.id, ids, personId),
        this.store.players(eventId, quiz.id),
      ]);
      if (!mine) continue;
      const me = players.find((p) => p.id === personId);
      out.push({ quizId: quiz.id, title: quiz.title, name: me?.name ?? null, country: me?.country ?? null, ...mine });
    }
    return out.length === 0 ? null : { quizzes: out };
  }

  erasePerson(eventId: string, personId: string): Promise<void> {
    return this.store.erasePerson(eventId, personId);
  }

  reset(eventId: string): Promise<void> {
    return this.store.reset(eventId);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.store.deleteEvent(eventId);
  }

  /** One quiz with its whole boards: every player ranked, every country with enough players. */
  private async item(eventId: string, quizId: string): Promise<QuizReportItem> {
    const { quiz, players, answers } = await this.results(eventId, quizId);
    const { countries } = await this.store.boards(eventId, quizId, ALL);
    return {
      quiz,
      players: new Set(answers.map((a) => a.personId)).size,
      leaderboard: standings(rankPlayers(players)),
      countries: rankCountries(countries, this.config.QUIZ_COUNTRY_MIN),
    };
  }

  /** As QuizService.results, for a quiz known to exist (read from the list). */
  private async results(eventId: string, quizId: string): Promise<QuizResults> {
    const [quiz, players, answers] = await Promise.all([
      this.store.get(eventId, quizId),
      this.store.players(eventId, quizId),
      this.store.answers(eventId, quizId),
    ]);
    if (!quiz) throw new Error(`Quiz ${quizId} went away while it was read`);
    return { quiz, players, answers };
  }
}
