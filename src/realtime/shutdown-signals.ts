import { Logger, type INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ShutdownService } from './shutdown.service.js';

/**
 * SIGTERM or SIGINT: drain (ShutdownService), close the app (ticker, Socket.IO, Redis), exit 0, all
 * within SHUTDOWN_GRACE_MS, else exit 1. A second signal exits at once (Ctrl-C twice).
 * Not Nest's enableShutdownHooks: that closes the app at once and ends by re-raising the signal.
 */
export function exitGracefullyOnSignals(app: INestApplication, config: AppConfig): void {
  const logger = new Logger('Shutdown');
  let started = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started !== 0) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    started = Date.now();
    setTimeout(() => {
      logger.error(`Not shut down within SHUTDOWN_GRACE_MS (${config.SHUTDOWN_GRACE_MS} ms): exiting`);
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    app
      .get(ShutdownService)
      .drain(signal)
      .then(() => app.close())
      .then(
        () => {
          logger.log(`Closed the app (Socket.IO, Redis, HTTP) after ${Date.now() - started} ms: exit 0`);
          process.exit(0);
        },
        (err: unknown) => {
          logger.error(`Shutdown failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
