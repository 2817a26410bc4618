import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];
const FROM: Record<string, LogLevel> = { error: 'error', warn: 'warn', info: 'log', debug: 'debug' };

/** What ConsoleLogger passes when it builds a JSON line (its own type is not exported). */
interface JsonLogOptions {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
  params?: Record<string, unknown>;
  error?: Error;
}

interface JsonLogObject {
  [key: string]: unknown;
  level: LogLevel;
  pid: number;
  timestamp: number;
  message: unknown;
}

/** Nest's console logger; each JSON line also names the node, so a cluster's merged logs tell nodes apart. */
export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly node: string,
    options: ConsoleLoggerOptions,
  ) {
    super(options);
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions): JsonLogObject {
    return { ...super.getJsonLogObject(message, options), node: this.node };
  }
}

/** The application's logger from LOG_LEVEL and LOG_FORMAT (json: one object per line, on stdout/stderr). */
export function createLogger(config: AppConfig): AppLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(FROM[config.LOG_LEVEL] ?? 'log') + 1);
  if (config.LOG_FORMAT === 'json') return new AppLogger(config.NODE_ID, { json: true, logLevels });
  // Text: the node in the prefix where there are several ("[Nest]" on a laptop).
  return new AppLogger(config.NODE_ID, { logLevels, prefix: config.embedded ? 'Nest' : config.NODE_ID });
}
