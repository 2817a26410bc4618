import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { applyDecorators } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  ApiExtension,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSecurity,
  DocumentBuilder,
  SwaggerModule,
  type ApiPropertyOptions,
  type OpenAPIObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { Express, NextFunction, Request, Response } from 'express';
import { ERROR_CODES, type ErrorCode } from './ack.types.js';
import { EVENT_ID } from './ids.js';

/** Where the document and its UI are served. */
export const OPENAPI_JSON = '/api/openapi.json';
export const API_DOCS = '/api/docs';

/** The security schemes' names: both are `Authorization: Bearer ...`. */
export const TOKEN_SCHEME = 'token';
export const ADMIN_SCHEME = 'adminKey';

/** The token roles (auth/identity.ts; common/ imports no other folder). */
type Role = 'audience' | 'operator' | 'screen';
/** Who may call a route: the admin key, token roles; none: anyone. */
export type Caller = Role | 'admin';

// ---------------------------------------------------------------------------------------------
// The error body of every 4xx/5xx (AckExceptionFilter): `{ ok: false, error: { code, message, details? } }`.

export class ErrorInfo {
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'PROTOCOL section 2' })
  code!: ErrorCode;

  @ApiProperty({ description: 'For people: not to be parsed' })
  message!: string;

  @ApiPropertyOptional({
    description: 'VALIDATION_FAILED: `[{ field, errors: string[] }]`, one per field; RATE_LIMITED: `{ retryAfterMs }`',
    oneOf: [
      {
        type: 'array',
        items: {
          type: 'object',
          properties: { field: { type: 'string' }, errors: { type: 'array', items: { type: 'string' } } },
          required: ['field', 'errors'],
        },
      },
      { type: 'object', properties: { retryAfterMs: { type: 'integer', minimum: 0 } } },
    ],
  })
  details?: unknown;
}

export class ErrorResponse {
  @ApiProperty({ enum: [false], type: 'boolean' })
  ok!: false;

  @ApiProperty({ type: ErrorInfo })
  error!: ErrorInfo;
}

/** What each error status means on this API (the code in the body says which). */
const ERROR_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED: a field of the body, the path or the query is invalid (`details`: which and why)',
  401: 'UNAUTHORIZED: no token or admin key, a forged, expired or revoked one, or a token of an event that does not exist',
  403: 'FORBIDDEN: the token is of another event, or its role may not call this route',
  404: 'NOT_FOUND: no such event or item',
  409: 'CONFLICT: the state does not allow it now (exists already, changing, merged...)',
  413: 'VALIDATION_FAILED: the JSON body is over 64 KiB',
  415: 'VALIDATION_FAILED: the body is in an unsupported charset or content encoding',
  429: 'RATE_LIMITED: too many requests; wait `Retry-After` seconds',
  503: 'UNAVAILABLE: the store cannot be reached, or the node is shutting down; try again shortly',
};

/** The errors of a route with a JSON body. */
export const BODY_ERRORS = [400, 413, 415] as const;

const ROLE_TEXT: Record<Role, string> = {
  audience: 'an audience token',
  operator: 'an operator token',
  screen: 'a screen token',
};

/** The "who may call it" line of a route's description. */
function accessText(callers: readonly Caller[], ofEvent: boolean): string {
  if (callers.length === 0) return 'Anyone: no token.';
  const roles = callers.filter((c): c is Role => c !== 'admin');
  const parts: string[] = [];
  if (callers.includes('admin')) parts.push('the admin key (`Authorization: Bearer <ADMIN_KEY>`)');
  if (roles.length === 3) parts.push(`any token${ofEvent ? ' of the event' : ''} (audience, operator or screen)`);
  else if (roles.length > 0) {
    const who = roles.map((r) => ROLE_TEXT[r]).join(' or ');
    const whose = ofEvent ? ' of the event `{id}`' : ": the person's own";
    parts.push(`${who}${whose} (\`Authorization: Bearer <token>\`)`);
  }
  return `Who: ${parts.join(', or ')}.`;
}

export interface RouteDoc {
  summary: string;
  description?: string;
  /** Who may call it (the route's guards and @Roles say the same: the OpenAPI test checks it). */
  access: readonly Caller[];
  /** Error statuses beyond those the access implies (401, 403) and 503. */
  errors?: ReadonlyArray<number | readonly [status: number, description: string]>;
  /** False for the routes that never touch the store (no 503 UNAVAILABLE). */
  store?: boolean;
  /** False for the routes without an event in their path (`/api/me`): the token says whose. */
  ofEvent?: boolean;
}

/**
 * One route's documentation: summary, description with who may call it, the security schemes
 * (`x-access` names the roles for machines), and its error answers with the error body.
 */
export function ApiRoute(doc: RouteDoc): MethodDecorator {
  const roles = doc.access.filter((c) => c !== 'admin');
  const admin = doc.access.includes('admin');
  const statuses = new Map<number, string>();
  if (doc.access.length > 0) statuses.set(401, ERROR_STATUS[401] ?? '');
  if (roles.length > 0) statuses.set(403, ERROR_STATUS[403] ?? '');
  for (const entry of doc.errors ?? []) {
    const [status, text] = typeof entry === 'number' ? [entry, ERROR_STATUS[entry]] : entry;
    statuses.set(status, text ?? '');
  }
  if (doc.store !== false) statuses.set(503, ERROR_STATUS[503] ?? '');
  const decorators: Array<MethodDecorator | (ClassDecorator & MethodDecorator)> = [
    ApiOperation({
      summary: doc.summary,
      description: [doc.description, accessText(doc.access, doc.ofEvent !== false)].filter(Boolean).join('\n\n'),
    }),
    ApiExtension('x-access', doc.access.length === 0 ? ['anyone'] : [...doc.access]),
  ];
  if (admin) decorators.push(ApiSecurity(ADMIN_SCHEME));
  if (roles.length > 0) decorators.push(ApiSecurity(TOKEN_SCHEME));
  for (const [status, description] of [...statuses].sort(([a], [b]) => a - b)) {
    decorators.push(
      ApiResponse({
        status,
        description,
        type: ErrorResponse,
        headers:
          status === 429
            ? { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } }
            : undefined,
      }),
    );
  }
  return applyDecorators(...decorators);
}

/** The `{id}` of the event in a route's path (on a controller or a route). */
export function ApiEventId(): MethodDecorator & ClassDecorator {
  return ApiParam({
    name: 'id',
    description: 'The event id (a token must be of this event)',
    schema: { type: 'string', pattern: EVENT_ID.source },
  });
}

/** An item's id in the path (poll, question, result...). */
export function ApiItemId(name: string, description: string): MethodDecorator & ClassDecorator {
  return ApiParam({ name, description, schema: { type: 'string', maxLength: 40 } });
}

/** A route answering CSV (`text/csv; charset=utf-8`, CRLF lines). */
export function ApiCsv(description: string): MethodDecorator {
  return ApiResponse({
    status: 200,
    description,
    content: { 'text/csv; charset=utf-8': { schema: { type: 'string' } } },
  });
}

/** An I18nText field (IsI18nText): locale to text, "en" present, at most 20 locales. */
export function apiI18nText(maxLength: number, description: string): ApiPropertyOptions {
  const text: SchemaObject = { type: 'string', minLength: 1, maxLength };
  return {
    type: 'object',
    description: `${description}: locale (BCP 47, e.g. "en", "pt-BR") to text, 1-${maxLength} characters without control characters; "en" is required; at most 20 locales`,
    properties: { en: { type: 'string', minLength: 1, maxLength } },
    required: ['en'],
    selfRequired: true,
    additionalProperties: text,
    maxProperties: 20,
    example: { en: 'Which model should we drive next?', es: '¿Qué modelo probamos ahora?' },
  };
}

/** The body a JSON answer has, when it is one of the protocol's types (described in docs/protocol.md). */
export function protocolObject(name: string, section: string): { type: 'object'; description: string } {
  return { type: 'object', description: `${name}: docs/protocol.md, ${section}` };
}

// ---------------------------------------------------------------------------------------------
// The document and the UI.

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The OpenAPI 3 document of the app's HTTP API, from its controllers and DTOs. */
export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Summit Live HTTP API')
    .setVersion(packageVersion())
    .setDescription(
      'The HTTP side of Summit Live: events, joins and tokens, polls, the forum, the crash challenge, stage cues, ' +
        "quizzes' results, the event's data, health and metrics. The live side (Socket.IO commands, acks and " +
        'broadcasts) and every type named here are described in docs/protocol.md; section 8 lists these routes. ' +
        'Errors answer `{ ok: false, error: { code, message, details? } }` (section 2).',
    )
    .addTag('events', 'Events, joins and tokens; the snapshot (PROTOCOL sections 1 and 3)')
    .addTag('polls', 'Keynote polls (section 4)')
    .addTag('forum', 'The KOC forum: moderation, merges, settings (section 5)')
    .addTag('crash challenge', 'Entries, results, the board (section 6)')
    .addTag('stage', 'Stage cues (section 7)')
    .addTag('quiz', "The quiz's results (section 10)")
    .addTag('event data', 'Report, export, erasure, reset, deletion (section 11)')
    .addTag('ops', 'Health, readiness, metrics (section 8)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A token of one event and one role: audience (from `POST /api/events/{id}/join`), operator or screen ' +
          '(from `POST /api/auth/token` or `npm run token`). PROTOCOL section 1.',
      },
      TOKEN_SCHEME,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The server\'s ADMIN_KEY (README, "Configuration").' },
      ADMIN_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}

/** The Swagger UI files served under /api/docs/ (from swagger-ui-dist): only these. */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Our page: no inline script or style, so that the pages' CSP (security-headers.ts) holds here too. */
const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Summit Live HTTP API</title>
<link rel="stylesheet" href="${API_DOCS}/swagger-ui.css">
<link rel="icon" type="image/png" href="${API_DOCS}/favicon-32x32.png">
</head>
<body>
<main id="swagger-ui"></main>
<script src="${API_DOCS}/swagger-ui-bundle.js"></script>
<script src="${API_DOCS}/init.js"></script>
</body>
</html>
`;

/** No validator badge (an image from another site), no URL box: this API's document only. */
const DOCS_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_JSON)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/**
 * Serves the document at /api/openapi.json (built at the first request, then kept: the app's
 * routes do not change once it is created) and Swagger UI at /api/docs. Express routes ahead of
 * Nest's, so the global security headers apply and Nest's not-found handler does not.
 */
export function serveOpenApi(app: NestExpressApplication): void {
  SwaggerModule.setup(API_DOCS, app, () => openApiDocument(app), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON,
  });
  const dist = createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string;
  const root = dist();
  const express: Express = app.getHttpAdapter().getInstance();
  express.get(API_DOCS, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(DOCS_HTML);
  });
  express.get(`${API_DOCS}/init.js`, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/javascript').send(DOCS_INIT);
  });
  express.get(`${API_DOCS}/:file`, (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    const type = UI_FILES[file];
    if (!type) return next();
    res.sendFile(file, { root, maxAge: '1h', headers: { 'Content-Type': type } }, (err) => {
      if (err && !res.headersSent) next();
    });
  });
}
