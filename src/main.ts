import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { DEMO_EVENT, DEMO_INVITE, seedDemo } from './demo/demo.seed.js';
import { exitGracefullyOnSignals } from './realtime/shutdown-signals.js';

function banner(config: AppConfig, base: string, demo: { operator: string; screen: string } | null): string {
  const lines = [
    '',
    `Summit Live is up on ${base} (${config.embedded ? 'embedded mode: in-memory, no Redis' : `Redis mode, node ${config.NODE_ID}`})`,
    `  health:  ${base}/health    ready: ${base}/ready`,
    `  API:     ${base}/api/docs    (OpenAPI: ${base}/api/openapi.json)`,
  ];
  if (config.generated.length > 0) {
    lines.push(
      `  ADMIN_KEY:   ${config.adminKey}${config.generated.includes('ADMIN_KEY') ? '   (generated; set ADMIN_KEY to keep it)' : ''}`,
    );
    if (config.generated.includes('AUTH_SECRET')) {
      // Printed so that `AUTH_SECRET=... npm run token` can mint tokens this run accepts.
      lines.push(
        `  AUTH_SECRET: ${config.authSecret}   (generated; tokens stop working at restart: set AUTH_SECRET to keep them)`,
      );
    }
  }
  if (demo) {
    lines.push(
      `  demo event "${DEMO_EVENT}" (KOC invite code ${DEMO_INVITE}):`,
      `    audience app:     ${base}/e/${DEMO_EVENT}      (KOC: ${base}/e/${DEMO_EVENT}?invite=${DEMO_INVITE})`,
      `    operator console: ${base}/operator#token=${demo.operator}`,
      `    big screen:       ${base}/screen#token=${demo.screen}`,
      `    stream overlay:   ${base}/overlay#token=${demo.screen}&scene=poll   (scene: poll, question, board, quiz)`,
      `    report:           ${base}/report#token=${demo.operator}`,
      `    join as audience: curl -s -X POST ${base}/api/events/${DEMO_EVENT}/join -H 'content-type: application/json' -d '{"name":"Ana","country":"ES"}'`,
      `    operator token:   ${demo.operator}`,
      `    screen token:     ${demo.screen}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  // Nest hands its arguments on to http.Server#listen(port, host, backlog), but its types stop at
  // the host: the backlog (LISTEN_BACKLOG) is the listen queue a connect storm needs.
  const listen = app.listen.bind(app) as unknown as (port: number, host: string, backlog: number) => Promise<unknown>;
  await listen(config.PORT, config.HOST, config.LISTEN_BACKLOG);
  // Till it listens, a signal ends the process at once: there is nothing to drain yet.
  exitGracefullyOnSignals(app, config);
  const demo = config.SEED_DEMO ? await seedDemo(app) : null;
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  process.stdout.write(banner(config, `http://${shown}:${config.PORT}`, demo));
}

// A promise a library forgot to handle must not end a node on the event day: log it and go on.
process.on('unhandledRejection', (reason: unknown) => {
  new Logger('Process').error(
    `Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  );
});

main().catch((err: unknown) => {
  new Logger('Main').error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
