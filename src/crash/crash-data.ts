import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventData, type CsvFile, type EventDataPart } from '../events/event-data.js';
import { EventsService } from '../events/events.service.js';
import { boardCsv, predictorsCsv, resultsCsv } from './crash-csv.js';
import type { CrashReport } from './crash.protocol.js';
import { CRASH_STORE, type CrashStore } from './crash.store.js';
import type { PredictorRow } from './crash.types.js';
import { rankBoard } from './ranking.js';

const ALL = Number.MAX_SAFE_INTEGER;

/** What a person's export holds of the crash challenge: their points in the prediction game. */
export interface CrashExport {
  predictions: { points: number; rank: number };
}

/**
 * The crash challenge's part of the event's data (PROTOCOL section 11). The challenge itself holds
 * nothing of the audience but the prediction game's points: erasure removes the person's points and
 * their place among each prediction's winners (everyone else's points stay). Reset keeps the entries.
 */
@Injectable()
export class CrashData implements EventDataPart<CrashReport>, OnModuleInit {
  readonly name = 'crash';

  constructor(
    @Inject(CRASH_STORE) private readonly store: CrashStore,
    private readonly events: EventsService,
    private readonly eventData: EventData,
  ) {}

  onModuleInit(): void {
    this.eventData.register(this);
  }

  async report(eventId: string): Promise<CrashReport> {
    const [state, predictors] = await Promise.all([this.store.state(eventId), this.predictors(eventId)]);
    return { board: rankBoard(state.entries, state.results, state.version, state.frozen !== null), predictors };
  }

  async csv(eventId: string): Promise<CsvFile[]> {
    const [state, predictors] = await Promise.all([this.store.state(eventId), this.predictors(eventId)]);
    return [
      { name: 'crash-board.csv', content: boardCsv(rankBoard(state.entries, state.results, state.version)) },
      { name: 'crash-results.csv', content: resultsCsv(state.results) },
      { name: 'predictors.csv', content: predictorsCsv(predictors) },
    ];
  }

  async exportPerson(eventId: string, personId: string): Promise<CrashExport | null> {
    const standing = await this.store.standing(eventId, personId);
    return standing ? { predictions: standing } : null;
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

  /** Every predictor, ranked (equal points, equal rank), with the name and country they joined with. */
  private async predictors(eventId: string): Promise<PredictorRow[]> {
    const { rows } = await this.store.predictors(eventId, ALL);
    const people = await this.events.people(
      eventId,
      rows.map((r) => r.id),
    );
    let rank = 0;
    return rows.map((r, i) => {
      if (i === 0 || rows[i - 1]?.points !== r.points) rank = i + 1;
      const person = people[r.id];
      return { rank, id: r.id, name: person?.name ?? null, country: person?.country ?? null, points: r.points };
    });
  }
}
