import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import cors, { type CorsOptions } from 'cors';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { Admission } from '../limits/admission.js';
import { ClientAddress } from '../limits/client-address.js';
import { IpLimits } from '../limits/ip-limits.js';
import { admitJoin } from '../limits/limit.interceptors.js';
import { countRequest, OTHER_ROUTE } from '../ops/http-metrics.js';
import { Metrics } from '../ops/metrics.js';
import { AckExceptionFilter } from '../realtime/ack-exception.filter.js';
import { validateDto } from '../realtime/dto-validation.pipe.js';
import { securityHeaderList, type HeaderList } from '../web/security-headers.js';
import { JoinEventDto } from './dto/event.dto.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** What the app's global middleware is built from: the lean route applies the same. */
export interface JoinRouteOptions {
  securityHeaders: Middleware;
  /** The options given to body-parser's json (app.useBodyParser). */
  json: { limit: string };
  /** The options given to enableCors; null: CORS is off. */
  cors: CorsOptions | null;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Bodies the lean route reads itself; anything else (charsets, encodings, chunked) goes to Express. */
const PLAIN_JSON = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/** The route's pattern, as Nest registers it (and the metrics label it), from the controller's own decorators. */
export function joinRoutePattern(): string {
  const base = String(Reflect.getMetadata(PATH_METADATA, EventsController));
  const join: unknown = Object.getOwnPropertyDescriptor(EventsController.prototype, 'join')?.value;
  const own = String(Reflect.getMetadata(PATH_METADATA, join as object));
  return `/${base}/${own}`.replace(/\/+/g, '/');
}

/** Express's weak ETag of a body (the `etag` package, as res.send computes it). */
function weakEtag(body: string): string {
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').substring(0, 27);
  return `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${hash}"`;
}

/** The bytes limit body-parser's "64kb" means. */
function bytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit.trim());
  if (!m) throw new Error(`Unsupported body limit ${limit}`);
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * POST /api/events/:id/join without Express and Nest's per-request machinery: the same security
 * headers, body limits, CORS, client address, admission and per-address limits (admitJoin), DTO
 * validation, service call, metrics and error answers (the global AckExceptionFilter) as the
 * controller's route, which still answers what this one hands over untouched (other charsets,
 * encodings, chunked or oversized bodies, query strings, escaped ids).
 */
export class JoinRoute {
  private readonly path: RegExp;
  private readonly label: string;
  private readonly limit: number;
  private readonly headers: (req: IncomingMessage) => HeaderList;
  private readonly parser: RequestHandler;
  private readonly cors: RequestHandler | null;
  private readonly filter = new AckExceptionFilter();
  private readonly metrics: Metrics;
  private readonly admission: Admission;
  private readonly addresses: ClientAddress;
  private readonly ipLimits: IpLimits;
  private readonly events: EventsService;

  constructor(
    private readonly app: NestExpressApplication,
    options: JoinRouteOptions,
  ) {
    this.label = joinRoutePattern();
    const [before, after] = this.label.split(':id');
    this.path = new RegExp(`^${before ?? ''}([A-Za-z0-9_.~-]+)${after ?? ''}$`);
    this.limit = bytes(options.json.limit);
    this.headers = securityHeaderList(options.securityHeaders);
    this.parser = express.json(options.json);
    this.cors = options.cors ? cors(options.cors) : null;
    this.metrics = app.get(Metrics);
    this.admission = app.get(Admission);
    this.addresses = app.get(ClientAddress);
    this.ipLimits = app.get(IpLimits);
    this.events = app.get(EventsService);
  }

  /** Puts the route in front of Express on the app's HTTP server (before it listens). */
  install(): void {
    const server: Server = this.app.getHttpServer();
    const expressApp = this.app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
    if (!server.listeners('request').includes(expressApp)) throw new Error('Express is not the request listener');
    server.removeListener('request', expressApp);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!this.serve(req, res)) expressApp(req, res);
    });
  }

  /** Takes the request if it is a join this route reads itself; false: Express answers it. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    const id = this.path.exec(req.url ?? '')?.[1];
    if (id === undefined) return false;
    const h = req.headers;
    const length = h['content-length'];
    if (length === undefined || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined)
      return false;
    if (!/^\d+$/.test(length) || Number(length) > this.limit) return false;
    if (!PLAIN_JSON.test(h['content-type'] ?? '')) return false;
    void this.run(req, res, id);
    return true;
  }

  private async run(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    let route = OTHER_ROUTE;
    countRequest(this.metrics, 'POST', res, () => route);
    const security = this.headers(req);
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    let body: unknown;
    try {
      body = parseFast(raw) ?? (await this.parseSlow(req, res, raw));
    } catch (err) {
      this.fail(req, res, security, (this.app.getHttpAdapter() as ExpressAdapter).mapException(err));
      return;
    }
    route = this.label;
    if (this.cors) this.cors(req as Request, res as Response, () => undefined);
    try {
      const leave = await admitJoin(this.admission, this.addresses, this.ipLimits, req);
      try {
        const dto = validateDto(JoinEventDto, body);
        const result = await this.events.join(id, dto);
        send(res, 201, security, JSON.stringify(result));
      } finally {
        leave();
      }
    } catch (err) {
      this.fail(req, res, security, err);
    }
  }

  /** body-parser's own reading of what the fast parse did not take (a BOM, a syntax error, a scalar). */
  private parseSlow(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<unknown> {
    // A Readable, not a PassThrough: body-parser takes an ended writable for a body already read.
    const copy = Object.assign(Readable.from([raw], { objectMode: false }), {
      headers: req.headers,
      body: undefined,
    });
    return new Promise((resolve, reject) => {
      this.parser(copy as unknown as Request, res as Response, (err?: unknown) => {
        if (err instanceof Error) reject(err);
        else if (err !== undefined && err !== null) reject(new Error('The body could not be read'));
        else resolve(copy.body);
      });
    });
  }

  /** The global filter's answer (status, Retry-After, error body), written with the route's headers. */
  private fail(req: IncomingMessage, res: ServerResponse, security: HeaderList, exception: unknown): void {
    const extra: [string, string][] = [];
    let status = 500;
    const shim = {
      get headersSent(): boolean {
        return res.headersSent;
      },
      setHeader(name: string, value: string): void {
        extra.push([name, value]);
      },
      status(code: number) {
        status = code;
        return shim;
      },
      json(value: unknown): void {
        send(res, status, [...security, ...extra], JSON.stringify(value));
      },
    };
    this.filter.catch(exception, new ExecutionContextHost([req, shim, () => undefined]));
  }
}

/** The whole body; the HTTP parser already holds it to its Content-Length. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('aborted')));
  });
}

/** A JSON object or array in plain UTF-8, as body-parser (strict) reads it; undefined: let body-parser say. */
function parseFast(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  let i = 0;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x09 || raw[i] === 0x0a || raw[i] === 0x0d)) i++;
  if (raw[i] !== 0x7b && raw[i] !== 0x5b) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** res.status(status).json(body) as Express writes it: the headers set so far, then its own. */
function send(res: ServerResponse, status: number, headers: HeaderList, json: string): void {
  if (res.headersSent) return;
  for (const [name, value] of headers) res.setHeader(name, value);
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(json, 'utf8'));
  res.setHeader('ETag', weakEtag(json));
  res.statusCode = status;
  res.end(json);
}
