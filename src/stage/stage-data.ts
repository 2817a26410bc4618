import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventData, type CsvFile, type EventDataPart } from '../events/event-data.js';
import type { StageReport } from './stage.protocol.js';
import { STAGE_STORE, type StageStore } from './stage.store.js';

/**
 * The stage's part of the event's data (PROTOCOL section 11): the reactions counted over the event.
 * It stores nothing of a person (reactions are counts, cues and scenes are the operators'), so a
 * person's export has nothing of it and their erasure changes nothing here.
 */
@Injectable()
export class StageData implements EventDataPart<StageReport>, OnModuleInit {
  readonly name = 'stage';

  constructor(
    @Inject(STAGE_STORE) private readonly store: StageStore,
    private readonly eventData: EventData,
  ) {}

  onModuleInit(): void {
    this.eventData.register(this);
  }

  async report(eventId: string): Promise<StageReport> {
    return { reactions: (await this.store.reactions(eventId)).counts };
  }

  csv(): Promise<CsvFile[]> {
    return Promise.resolve([]);
  }

  exportPerson(): Promise<null> {
    return Promise.resolve(null);
  }

  erasePerson(): Promise<void> {
    return Promise.resolve();
  }

  reset(eventId: string): Promise<void> {
    return this.store.reset(eventId);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.store.deleteEvent(eventId);
  }
}
