import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { serveOpenApi } from './common/openapi.js';
import type { AppConfig } from './config/app-config.js';
import { JoinRoute } from './events/join-route.js';
import { ClientAddress } from './limits/client-address.js';
import { createLogger } from './ops/app-logger.js';
import { httpMetrics } from './ops/http-metrics.js';
import { Metrics } from './ops/metrics.js';
import { AckExceptionFilter } from './realtime/ack-exception.filter.js';
import { AppIoAdapter } from './realtime/app-io.adapter.js';
import { DtoValidationPipe } from './realtime/dto-validation.pipe.js';
import { WEB_ASSETS } from './web/web-root.js';
import { securityHeaders } from './web/security-headers.js';

/** The whole application, configured; used by main.ts and by the tests alike. */
/** The JSON bodies every route takes (body-parser's options): the lean join route reads by the same. */
const JSON_BODY = { limit: '64kb' };

/**
 * `leanJoin: false` leaves the join to the controller's route alone (the tests compare both answers).
 */
export async function createApp(
  config: AppConfig,
  options: { logger?: false; leanJoin?: boolean } = {},
): Promise<NestExpressApplication> {
  const logger = options.logger ?? createLogger(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bodyParser: false,
  });
  // Before anything can answer, so that every response is counted (body-parser refusals too).
  app.use(httpMetrics(app.get(Metrics)));
  // First, so that every answer carries them (static files and errors too).
  const headers = securityHeaders();
  app.use(headers);
  // The same rule for HTTP (req.ip) as ClientAddress applies to socket handshakes.
  app.set('trust proxy', app.get(ClientAddress).trust);
  app.useBodyParser('json', JSON_BODY);
  // The web clients' bundles (`npm run build:web`); same names every build, so cached an hour only.
  app.useStaticAssets(WEB_ASSETS, { prefix: '/assets/', maxAge: '1h', fallthrough: true });
  app.useWebSocketAdapter(new AppIoAdapter(app, config));
  app.useGlobalPipes(new DtoValidationPipe());
  app.useGlobalFilters(new AckExceptionFilter());
  const origins = config.corsOrigins;
  const cors = origins === false ? null : { origin: origins };
  if (cors) app.enableCors(cors);
  // /api/openapi.json and Swagger UI at /api/docs: after CORS, so that other sites' tools may read it.
  serveOpenApi(app);
  // The audience's join storm skips Express and Nest's per-request work; the same rules apply.
  if (options.leanJoin !== false) new JoinRoute(app, { securityHeaders: headers, json: JSON_BODY, cors }).install();
  // No enableShutdownHooks: main.ts drains first (realtime/shutdown-signals.ts), then closes the app.
  return app;
}
