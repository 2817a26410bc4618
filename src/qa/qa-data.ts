import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { newId } from '../auth/token.service.js';
import { EventData, type CsvFile, type EventDataPart } from '../events/event-data.js';
import { AskLimit } from './ask-limit.js';
import { operatorView, publicView } from './qa-rules.js';
import type { ForumReport } from './qa.protocol.js';
import { QaService } from './qa.service.js';
import { QUESTION_STORE, type QuestionStore } from './question.store.js';
import { questionsCsv } from './questions-csv.js';
import {
  compareQuestions,
  isPublic,
  QUESTION_STATUSES,
  type OperatorQuestion,
  type QuestionStatus,
  type StoredQuestion,
} from './question.types.js';

const TOP = 10;

/** What a person's export holds of the forum: the questions they asked, and those they upvote. */
export interface ForumExport {
  questions: Omit<OperatorQuestion, 'authorId' | 'flagged'>[];
  upvotes: { questionId: string; text: string }[];
}

/** The forum's figures: every question counted once, the top by upvotes among those the hall sees. */
export function forumFigures(all: StoredQuestion[]): ForumReport['forum'] {
  const byStatus = Object.fromEntries(QUESTION_STATUSES.map((s) => [s, 0])) as Record<QuestionStatus, number>;
  for (const q of all) byStatus[q.status] += 1;
  const top = all
    .filter(isPublic)
    .sort((a, b) => b.upvotes - a.upvotes || compareQuestions(a, b))
    .slice(0, TOP)
    .map(publicView);
  return {
    total: all.length,
    byStatus,
    koc: all.filter((q) => q.author.koc).length,
    // Merged questions' voters were pooled into the kept one: count them there only.
    upvotes: all.filter((q) => q.mergedInto === undefined).reduce((sum, q) => sum + q.upvotes, 0),
    top,
  };
}

/**
 * The forum's part of the event's data (PROTOCOL section 11). Erasure keeps the person's questions
 * without author (name, country and author id gone, marked anonymous; the KOC flag stays: it says
 * nothing of who, and the report counts KOC questions) and their upvotes as counts (a stand-in id of
 * no one replaces theirs in each voter set). The text of a question stays as written.
 */
@Injectable()
export class QaData implements EventDataPart<ForumReport>, OnModuleInit {
  readonly name = 'forum';

  constructor(
    @Inject(QUESTION_STORE) private readonly store: QuestionStore,
    private readonly qa: QaService,
    private readonly askLimit: AskLimit,
    private readonly eventData: EventData,
  ) {}

  onModuleInit(): void {
    this.eventData.register(this);
  }

  async report(eventId: string): Promise<ForumReport> {
    return { forum: forumFigures(await this.store.list(eventId)) };
  }

  async csv(eventId: string): Promise<CsvFile[]> {
    return [{ name: 'questions.csv', content: questionsCsv(await this.qa.list(eventId)) }];
  }

  async exportPerson(eventId: string, personId: string): Promise<ForumExport | null> {
    const [all, upvoted] = await Promise.all([this.store.list(eventId), this.store.upvotedBy(eventId, personId)]);
    all.sort((a, b) => a.createdAt - b.createdAt);
    const questions = all
      .filter((q) => q.authorId === personId)
      .map((q) => {
        const { authorId: _id, flagged: _flagged, ...mine } = operatorView(q);
        return mine;
      });
    const ids = new Set(upvoted);
    const upvotes = all.filter((q) => ids.has(q.id)).map((q) => ({ questionId: q.id, text: q.text }));
    return questions.length === 0 && upvotes.length === 0 ? null : { questions, upvotes };
  }

  async erasePerson(eventId: string, personId: string): Promise<void> {
    await this.store.erasePerson(eventId, personId, newId('x-'));
    await this.askLimit.forget(eventId, personId);
  }

  reset(eventId: string): Promise<void> {
    return this.store.reset(eventId);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.store.deleteEvent(eventId);
  }
}
