import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppEvents } from '../common/app-events.js';
import { AppError } from '../common/errors.js';
import type { CrashResultChanged } from '../crash/crash.events.js';
import { CrashService } from '../crash/crash.service.js';
import type { Predicts } from '../polls/poll.types.js';
import { PollsService } from '../polls/polls.service.js';
import { PREDICTION_POINTS, rightOptions } from './prediction-rules.js';

const ATTEMPTS = 3;

/**
 * The prediction game: polls that predict a crash result (`Poll.predicts`). When a result changes,
 * the predictions of its entry and test are settled (closed, right options marked, broadcast by
 * polls) and their points moved to the people who chose right (by crash, whose store keeps the
 * points behind `crash:predictors` and `crash:standing`).
 */
@Injectable()
export class PredictionsService implements OnModuleInit {
  constructor(
    private readonly polls: PollsService,
    private readonly crash: CrashService,
    private readonly appEvents: AppEvents,
  ) {}

  onModuleInit(): void {
    this.appEvents.on('crash.result-changed', (change) => this.settle(change));
    this.polls.checkPredictions((eventId, predicts, step) => this.check(eventId, predicts, step));
  }

  /** A prediction needs an entry that exists, and cannot be opened once its result is in. */
  async check(eventId: string, predicts: Predicts, step: 'create' | 'open'): Promise<void> {
    const { entry, best } = await this.crash.testResult(eventId, predicts.entryId, predicts.test);
    if (!entry) throw new AppError('NOT_FOUND', `No entry ${predicts.entryId}: add it to the challenge first`);
    if (step === 'open' && best) {
      throw new AppError('CONFLICT', `The ${predicts.test} result of ${predicts.entryId} is in already`);
    }
  }

  /**
   * Settles the non-draft predictions of the tests a change touched from the best results it carries
   * (re-scored if settled before; the same again changes nothing). When the challenge changed since
   * (another node), settle again from the newer state, so that the last award written is never
   * computed from an older state than the last result.
   */
  async settle(change: CrashResultChanged): Promise<void> {
    const { eventId } = change;
    let { version, tests } = change;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let awarded = false;
      for (const { entryId, test, best } of tests) {
        for (const poll of await this.polls.predictions(eventId, entryId, test)) {
          if (poll.status === 'draft') continue;
          const winners = await this.polls.settle(eventId, poll.id, rightOptions(poll, best));
          await this.crash.award(eventId, poll.id, winners, PREDICTION_POINTS);
          awarded = true;
        }
      }
      // Nothing written, nothing stale: a newer change is settled by whoever made it.
      if (!awarded || (await this.crash.version(eventId)) === version) return;
      ({ version, tests } = await this.crash.bestResults(eventId, tests));
    }
  }
}
