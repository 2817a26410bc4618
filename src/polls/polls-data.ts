import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventData, type CsvFile, type EventDataPart } from '../events/event-data.js';
import { POLL_STORE, type PollStore } from './poll.store.js';
import type { I18nText, Vote } from './poll.types.js';
import type { PollsReport } from './polls.protocol.js';
import { PollsService } from './polls.service.js';
import { resultsCsv } from './results-csv.js';

/** Every word and answer there is, for the CSVs (the report keeps the tallies' usual top 50). */
const ALL = Number.MAX_SAFE_INTEGER;

/** What a person's export holds of the polls: each vote they cast, with the poll's question. */
export interface PollsExport {
  votes: { pollId: string; question: I18nText; vote: Vote }[];
}

/**
 * The polls' part of the event's data (PROTOCOL section 11). Erasure drops the person's votes but
 * keeps every counter they moved (tallies stay exactly as they were); a text answer stays, as text
 * without its country, since the tally's words and the record of the day count it.
 */
@Injectable()
export class PollsData implements EventDataPart<PollsReport>, OnModuleInit {
  readonly name = 'polls';

  constructor(
    @Inject(POLL_STORE) private readonly store: PollStore,
    private readonly polls: PollsService,
    private readonly eventData: EventData,
  ) {}

  onModuleInit(): void {
    this.eventData.register(this);
  }

  async report(eventId: string): Promise<PollsReport> {
    const ids = (await this.store.ids(eventId)).reverse();
    return { polls: await Promise.all(ids.map((id) => this.polls.results(eventId, id))) };
  }

  async csv(eventId: string): Promise<CsvFile[]> {
    const ids = (await this.store.ids(eventId)).reverse();
    return Promise.all(
      ids.map(async (id) => ({
        name: `poll-${id}.csv`,
        content: resultsCsv(await this.polls.results(eventId, id, ALL)),
      })),
    );
  }

  async exportPerson(eventId: string, personId: string): Promise<PollsExport | null> {
    const polls = (await this.store.list(eventId)).reverse();
    const votes = await this.store.votesOf(
      eventId,
      personId,
      polls.map((p) => p.id),
    );
    const out = polls
      .filter((p) => votes[p.id])
      .map((p) => ({ pollId: p.id, question: p.question, vote: votes[p.id] }));
    return out.length === 0 ? null : { votes: out };
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
}
