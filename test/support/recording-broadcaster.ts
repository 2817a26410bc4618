import type { Role } from '../../src/auth/identity.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { Metrics } from '../../src/ops/metrics.js';
import { Broadcaster, type SeqMessage } from '../../src/realtime/broadcaster.js';
import type { RoleViews } from '../../src/realtime/protocol.js';

/** For unit tests: keeps what would be emitted instead of emitting (built with the real providers). */
export class RecordingBroadcaster extends Broadcaster {
  constructor(config: AppConfig) {
    super(new Metrics(config, null), config);
  }

  readonly changes: { eventId: string; seq: number; views: RoleViews<SeqMessage> }[] = [];
  readonly locals: { eventId: string; roles: readonly Role[] | 'all'; event: string; payload: unknown }[] = [];

  override change(eventId: string, seq: number, views: RoleViews<SeqMessage>): void {
    this.changes.push({ eventId, seq, views });
  }

  override local(eventId: string, roles: readonly Role[] | 'all', event: string, payload: unknown): void {
    this.locals.push({ eventId, roles, event, payload });
  }
}
