import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ZipFile } from 'yazl';
import { ROLES } from '../auth/identity.js';
import { AppError } from '../common/errors.js';
import { FIGURE_STORE, type FigureStore } from '../ops/figure.store.js';
import { EventData } from './event-data.js';
import { EVENT_STORE, type EventStore } from './event.store.js';
import type { CoreReport, MinuteFigures } from './report.types.js';

/** The core's report and every part's, merged at the top level (src/protocol/report.ts types the whole). */
export type MergedReport = CoreReport & Record<string, unknown>;

/** The busiest minute: the most sockets of all roles at once. */
function peakOf(timeline: MinuteFigures[]): CoreReport['connections'] {
  let peak = 0;
  let peakAt: number | null = null;
  for (const m of timeline) {
    const total = ROLES.reduce((sum, role) => sum + m.connected[role], 0);
    if (total > peak) [peak, peakAt] = [total, m.minute];
  }
  return { peak, peakAt };
}

/** `GET /api/events/{id}/report` and `export.zip` (PROTOCOL section 11). */
@Injectable()
export class EventReportService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(FIGURE_STORE) private readonly figures: FigureStore,
    private readonly data: EventData,
  ) {}

  async report(eventId: string): Promise<MergedReport> {
    const event = await this.events.get(eventId);
    if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}`);
    const [joins, timeline, parts] = await Promise.all([
      this.events.joinCounts(eventId),
      this.figures.timeline(eventId),
      Promise.all(this.data.parts.map((part) => part.report(eventId))),
    ]);
    const core: CoreReport = {
      event: { id: event.id, name: event.name, createdAt: event.createdAt, endedAt: event.endedAt ?? null },
      generatedAt: Date.now(),
      people: joins,
      connections: peakOf(timeline),
      timeline,
    };
    // A part's field never replaces the core's.
    return Object.assign({}, ...parts, core) as MergedReport;
  }

  /**
   * The zip, streamed into `out` as it is made: `report.json` first (read before anything is sent,
   * so a failure is still an error answer), then each part's CSVs, one part at a time.
   */
  async writeZip(eventId: string, out: Writable): Promise<void> {
    const report = await this.report(eventId);
    const zip = new ZipFile();
    const done = new Promise<void>((resolve, reject) => {
      zip.outputStream.once('error', reject);
      out.once('error', reject);
      out.once('finish', resolve);
      out.once('close', resolve);
    });
    zip.outputStream.pipe(out);
    const mtime = new Date();
    zip.addBuffer(Buffer.from(JSON.stringify(report, null, 2)), 'report.json', { mtime });
    const names = new Set(['report.json']);
    try {
      for (const part of this.data.parts) {
        for (const file of await part.csv(eventId)) {
          const base = file.name.replace(/[\\/]/g, '_');
          // Two parts with one file name: the second is kept under its part's name.
          const name = names.has(base) ? `${part.name}-${base}` : base;
          names.add(name);
          zip.addBuffer(Buffer.from(file.content, 'utf8'), name, { mtime });
        }
      }
      zip.end();
    } catch (err) {
      // Headers are sent: the answer can only be cut short (the client sees a broken zip).
      zip.outputStream.unpipe(out);
      out.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
    await done;
  }
}
