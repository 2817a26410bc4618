import { Injectable } from '@nestjs/common';

/** One CSV file of the event's export (`export.zip`): its name in the zip, and its content. */
export interface CsvFile {
  /** A file name without directories, e.g. `poll-next-drive.csv`. */
  name: string;
  content: string;
}

/**
 * What a feature keeps about an event, for PROTOCOL section 11: its part of the report, its CSVs,
 * one person's data, and how that data is erased, reset and deleted. Each feature registers one
 * (the core knows no feature); every method works on both stores.
 */
export interface EventDataPart<R extends object = object> {
  /** The feature's name (`polls`, `forum`, `crash`, `quiz`, ...): the key of its person export. */
  name: string;
  /** Its fields of the report (`GET /api/events/{id}/report`), merged into the report's top level. */
  report(eventId: string): Promise<R>;
  /** Every CSV of the feature for this event (the export zip). */
  csv(eventId: string): Promise<CsvFile[]>;
  /** Everything the feature stores about one person (`GET /api/me/export`); null when nothing. */
  exportPerson(eventId: string, personId: string): Promise<object | null>;
  /**
   * Erases one person: afterwards no key or value of the feature holds their id, name or country,
   * except anonymous counters (tallies, counts by country, upvote counts stay as they were).
   * Their questions stay, without author. Idempotent.
   */
  erasePerson(eventId: string, personId: string): Promise<void>;
  /**
   * After a rehearsal: every vote, answer, question, result and person of the feature gone; what
   * the operators prepared (polls, quizzes, entries, settings) kept, as drafts. Idempotent.
   */
  reset(eventId: string): Promise<void>;
  /** The event is deleted: every key of the feature for this event gone. Idempotent. */
  deleteEvent(eventId: string): Promise<void>;
}

/** The parts features registered; the core's report, export, erasure, reset and deletion go through them. */
@Injectable()
export class EventData {
  private readonly registered: EventDataPart[] = [];

  register<R extends object>(part: EventDataPart<R>): void {
    this.registered.push(part);
  }

  get parts(): readonly EventDataPart[] {
    return this.registered;
  }
}
