import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogLevel } from '@nestjs/common';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { AckExceptionFilter } from './realtime/ack-exception.filter.js';
import { AppIoAdapter } from './realtime/app-io.adapter.js';
import { DtoValidationPipe } from './realtime/dto-validation.pipe.js';
import { WEB_ASSETS } from './web/web-root.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];
const FROM: Record<string, LogLevel> = { error: 'error', warn: 'warn', info: 'log', debug: 'debug' };

/** The whole application, configured; used by main.ts and by the tests alike. */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const logger = options.logger ?? LEVELS.slice(0, LEVELS.indexOf(FROM[config.LOG_LEVEL] ?? 'log') + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '64kb' });
  // The web clients' bundles (`npm run build:web`); same names every build, so cached an hour only.
  app.useStaticAssets(WEB_ASSETS, { prefix: '/assets/', maxAge: '1h', fallthrough: true });
  app.useWebSocketAdapter(new AppIoAdapter(app, config));
  app.useGlobalPipes(new DtoValidationPipe());
  app.useGlobalFilters(new AckExceptionFilter());
  const origins = config.corsOrigins;
  if (origins !== false) app.enableCors({ origin: origins });
  app.enableShutdownHooks();
  return app;
}
