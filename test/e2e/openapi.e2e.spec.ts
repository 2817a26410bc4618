import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { AdminGuard, AdminOrRolesGuard, ROLES_KEY, RolesGuard } from '../../src/auth/roles.js';
import { API_DOCS, OPENAPI_JSON } from '../../src/common/openapi.js';
import { joinRoutePattern } from '../../src/events/join-route.js';
import { WebController } from '../../src/web/web.controller.js';
import { startApp, type TestApp } from '../support/app.js';

/** The parts of the document this test reads. */
interface Operation {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: unknown;
  'x-access'?: string[];
}
interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Array<{ $ref?: string }>;
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  enum?: unknown[];
  items?: Schema;
}
interface Document {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

/** One route: `GET /api/events/{id}/state` (OpenAPI's path templates). */
const route = (method: string, path: string): string =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`;

interface ControllerRoute {
  key: string;
  controller: Type;
  handler: (...args: unknown[]) => unknown;
}

/** Every route of every controller of the app, from Nest's own metadata (the decorators). */
function controllerRoutes(app: TestApp['app']): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  const seen = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
        for (const base of bases)
          for (const path of paths) {
            const full = `/${base}/${path}`.replace(/\/+/g, '/');
            routes.push({ key: route(method, full), controller, handler: handler as ControllerRoute['handler'] });
          }
      }
    }
  }
  return routes;
}

/** Every route Express has (Nest's and any other), from its router. */
function expressRoutes(app: TestApp['app']): string[] {
  const instance = app.getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return instance.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => route(m, layer.route!.path))
      : [],
  );
}

/** The document's routes. */
function documentRoutes(doc: Document): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => route(m, path)));
}

/** Who may call a handler, from its guards and @Roles: what `x-access` must say. */
function access(controller: Type, handler: object): string[] {
  const guards = [
    ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []),
    ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
  ];
  const roles = ((Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as
    string[] | undefined) ?? ['audience', 'operator', 'screen'];
  if (guards.includes(AdminGuard)) return ['admin'];
  if (guards.includes(AdminOrRolesGuard)) return ['admin', ...roles].sort();
  if (guards.includes(RolesGuard)) return [...roles].sort();
  return ['anyone'];
}

/** The swagger UI's and document's own routes: served, not part of the API. */
const DOCS_ROUTES = [
  route('get', API_DOCS),
  route('get', `${API_DOCS}/init.js`),
  route('get', `${API_DOCS}/:file`),
  route('get', OPENAPI_JSON),
];

describe('OpenAPI document', () => {
  let ctx: TestApp;
  let doc: Document;

  beforeAll(async () => {
    ctx = await startApp();
    const res = await fetch(`${ctx.url}${OPENAPI_JSON}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    doc = (await res.json()) as Document;
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('is OpenAPI 3 with the title, the package version, the pointer to the protocol and both bearer schemes', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(doc.info.version).toBe(version);
    expect(doc.info.title).toMatch(/Summit Live/);
    expect(doc.info.description).toContain('docs/protocol.md');
    expect(doc.components.securitySchemes).toEqual({
      token: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as unknown,
      adminKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as unknown,
    });
  });

  it('is a valid OpenAPI document (swagger-parser: the OpenAPI 3 schema, every $ref resolved)', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('has every route of the app with its method, and nothing the app does not serve', () => {
    const controllers = controllerRoutes(ctx.app);
    const served = expressRoutes(ctx.app);
    const pages = controllers.filter((r) => r.controller === WebController).map((r) => r.key);
    const api = controllers.filter((r) => r.controller !== WebController).map((r) => r.key);
    expect(pages.length).toBeGreaterThan(0);
    expect(api.length).toBeGreaterThan(30);
    // Express serves exactly the controllers' routes and the documentation's own: no route elsewhere.
    expect([...served].sort()).toEqual([...controllers.map((r) => r.key), ...DOCS_ROUTES].sort());
    // The lean join route (ahead of Express) has the controller route's path and method.
    const lean = route('post', joinRoutePattern());
    expect(api).toContain(lean);
    const documented = documentRoutes(doc);
    expect(documented).toContain(lean);
    // Both ways: no API route missing from the document, no path in it that the app does not serve.
    expect(api.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !api.includes(r))).toEqual([]);
    expect(documented.filter((r) => pages.includes(r) || DOCS_ROUTES.includes(r))).toEqual([]);
  });

  it('describes each route: summary, path parameters, error answers and who may call it (as its guards say)', () => {
    for (const { key, controller, handler } of controllerRoutes(ctx.app)) {
      if (controller === WebController) continue;
      const [method, path] = key.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect({ key, op: op !== undefined }).toEqual({ key, op: true });
      if (!op) continue;
      expect({ key, summary: (op.summary ?? '').length > 0 }).toEqual({ key, summary: true });
      // Every `{param}` of the path is a required path parameter.
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p) => p.in === 'path' && p.required === true)
        .map((p) => p.name)
        .sort();
      expect({ key, params: declared }).toEqual({ key, params });
      const who = access(controller, handler);
      expect({ key, access: [...(op['x-access'] ?? [])].sort() }).toEqual({ key, access: who });
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s)).sort();
      const expected = [
        ...(who.includes('admin') ? ['adminKey'] : []),
        ...(who.some((w) => w !== 'admin' && w !== 'anyone') ? ['token'] : []),
      ].sort();
      expect({ key, schemes }).toEqual({ key, schemes: expected });
      const statuses = Object.keys(op.responses);
      expect({ key, success: statuses.some((s) => s.startsWith('2')) }).toEqual({ key, success: true });
      // Errors: the error body, and 401/403 whenever a token or key is needed.
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const ref = op.responses[status]?.content?.['application/json']?.schema?.$ref;
        expect({ key, status, ref }).toEqual({ key, status, ref: '#/components/schemas/ErrorResponse' });
      }
      if (!who.includes('anyone')) expect({ key, has401: statuses.includes('401') }).toEqual({ key, has401: true });
      if (who.some((w) => w !== 'admin' && w !== 'anyone'))
        expect({ key, has403: statuses.includes('403') }).toEqual({ key, has403: true });
      // A route with a body documents it and its 400.
      if (op.requestBody !== undefined)
        expect({ key, has400: statuses.includes('400') }).toEqual({ key, has400: true });
    }
  });

  it('describes each DTO with the same fields, requirements and limits as its class-validator rules', () => {
    const storage = getMetadataStorage();
    const dtos = dtoClasses(ctx.app);
    // Bodies and nested DTOs are schemas; query DTOs (@Query()) are their routes' query parameters.
    const described = [...dtos].map(([name, { type, route: key }]): [string, Type, Schema | undefined] => {
      const named = doc.components.schemas[name];
      if (named) return [name, type, named];
      const [method, path] = (key ?? ' ').split(' ') as [string, string];
      const query = (doc.paths[path]?.[method.toLowerCase()]?.parameters ?? []).filter((p) => p.in === 'query');
      if (query.length === 0) return [name, type, undefined];
      return [
        name,
        type,
        {
          type: 'object',
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? {}])),
          required: query.filter((p) => p.required === true).map((p) => p.name),
        },
      ];
    });
    expect(described.filter(([, , schema]) => !schema).map(([name]) => name)).toEqual([]);
    expect(described.length).toBeGreaterThan(12);
    for (const [name, type, found] of described) {
      const schema = found!;
      const rules = storage.getTargetValidationMetadatas(type, '', true, false);
      const fields = [...new Set(rules.map((r) => r.propertyName))].sort();
      expect({ name, fields: Object.keys(schema.properties ?? {}).sort() }).toEqual({ name, fields });
      const optional = new Set(rules.filter((r) => r.type === 'conditionalValidation').map((r) => r.propertyName));
      expect({ name, required: [...(schema.required ?? [])].sort() }).toEqual({
        name,
        required: fields.filter((f) => !optional.has(f)),
      });
      for (const rule of rules) {
        const field = resolve(doc, schema.properties![rule.propertyName]);
        const limits = resolve(doc, rule.each ? (field.items ?? {}) : field);
        const c = rule.constraints as unknown[];
        const check = (what: string, actual: unknown, expected: unknown): void =>
          expect({ name, field: rule.propertyName, what, actual }).toEqual({
            name,
            field: rule.propertyName,
            what,
            actual: expected,
          });
        switch (rule.name) {
          case 'isLength':
            check('minLength', limits.minLength, c[0]);
            check('maxLength', limits.maxLength, c[1]);
            break;
          case 'min':
            check('minimum', limits.minimum, c[0]);
            break;
          case 'max':
            check('maximum', limits.maximum, c[0]);
            break;
          case 'arrayMaxSize':
            check('maxItems', field.maxItems, c[0]);
            break;
          case 'arrayMinSize':
            check('minItems', field.minItems, c[0]);
            break;
          case 'arrayUnique':
            check('uniqueItems', field.uniqueItems, true);
            break;
          case 'isIn':
            check('enum', limits.enum, c[0]);
            break;
          case 'matches':
            // A field with several patterns shows the first in the schema; the printable rule is one.
            check('pattern', limits.pattern, (c[0] as RegExp).source);
            break;
          case 'isBoolean':
            check('type', limits.type, 'boolean');
            break;
          case 'isInt':
            check('type', limits.type, 'integer');
            break;
          case 'isNumber':
            check('type', limits.type, 'number');
            break;
          case 'isString':
            check('type', limits.type, 'string');
            break;
          default:
            break;
        }
      }
    }
  });

  it('serves Swagger UI at /api/docs: HTML, its scripts and styles from the same origin, nothing inline', async () => {
    const res = await fetch(`${ctx.url}${API_DOCS}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('id="swagger-ui"');
    // The pages' CSP holds (no inline script or style): every script and stylesheet is a file we serve.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script>|<style|style=/);
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const asset = await fetch(`${ctx.url}${file}`);
      expect({ file, status: asset.status }).toEqual({ file, status: 200 });
    }
    const init = await (await fetch(`${ctx.url}${API_DOCS}/init.js`)).text();
    expect(init).toContain(OPENAPI_JSON);
    // Only Swagger UI's own files: not the rest of swagger-ui-dist (its petstore index page).
    expect((await fetch(`${ctx.url}${API_DOCS}/index.html`)).status).toBe(404);
    expect((await fetch(`${ctx.url}${API_DOCS}/swagger-initializer.js`)).status).toBe(404);
  });
});

/** A property's schema with the named schema it refers to (enums with a name, nested DTOs) merged in. */
function resolve(doc: Document, schema: Schema): Schema {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  return ref ? { ...doc.components.schemas[ref.replace('#/components/schemas/', '')], ...schema } : schema;
}

/** The classes of the DTOs the controllers take (their parameters' types), by name. */
function dtoClasses(app: TestApp['app']): Map<string, { type: Type; route?: string }> {
  const found = new Map<string, { type: Type; route?: string }>();
  const add = (type: unknown, route?: string): void => {
    if (typeof type !== 'function' || found.has(type.name)) return;
    const rules = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    if (rules.length === 0) return;
    found.set(type.name, { type: type as Type, route });
    // Nested DTOs: the property's type (its @ApiProperty's for arrays, which TypeScript's metadata calls Array).
    for (const rule of rules) {
      const prototype = (type as Type).prototype as object;
      add(Reflect.getMetadata('design:type', prototype, rule.propertyName));
      const swagger = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, rule.propertyName) as
        { type?: unknown } | undefined;
      add(Array.isArray(swagger?.type) ? swagger.type[0] : swagger?.type);
    }
  };
  for (const { key, controller, handler } of controllerRoutes(app)) {
    const name = Object.getOwnPropertyNames(controller.prototype).find(
      (n) => Object.getOwnPropertyDescriptor(controller.prototype, n)?.value === handler,
    )!;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) as unknown[]) ?? [];
    for (const type of types) add(type, key);
  }
  return found;
}
