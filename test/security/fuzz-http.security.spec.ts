import { gzipSync } from 'node:zlib';
import { http } from '../support/app.js';
import { useApp } from '../e2e/helpers.js';
import { malformed, mutations, prototypes, seeded, toJson, withKey, POLLUTION } from './hostile.js';
import { credToken, routes } from './routes.js';
import { GENEROUS_LIMITS, frozenState, runAll, stage } from './staged.js';

const SEED = 0x4177;
type Want = [status: number, code: string];
const INVALID: Want = [400, 'VALIDATION_FAILED'];
const TOO_LARGE: Want = [413, 'VALIDATION_FAILED'];
const UNSUPPORTED: Want = [415, 'VALIDATION_FAILED'];
const MISSING: Want = [404, 'NOT_FOUND'];

/** Ids no route may take in its path: prototype names, odd encodings, traversal, sheer length. */
const PATH_IDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'nope', '%00', '%20'];
PATH_IDS.push('..%2F..%2Fhealth', 'a%2Fb', 'x'.repeat(4000), '%F0%9F%98%80', '%E2%80%AE', '%ED%A0%80', '%FF');

/** Query strings of the filter routes that are not valid: arrays, unknown keys, prototype keys, junk. */
const QUERIES = ['status=a&status=b', 'status=', 'status[]=approved', 'koc=yes', 'koc=true&koc=false', 'extra=1'];
QUERIES.push('__proto__[polluted]=yes', '__proto__=x', 'constructor[prototype][polluted]=yes', 'status=%FF');
QUERIES.push(`status=${'x'.repeat(8000)}`, 'status=approved%00', 'resultId=__proto__', 'resultId=a&resultId=b');

/** 5 KB that inflate to 5 MB. */
const BOMB = gzipSync(Buffer.from(JSON.stringify({ padding: ' '.repeat(5_000_000) })));

describe('hostile input over HTTP (embedded)', () => {
  const ctx = useApp('embedded', { env: GENEROUS_LIMITS });

  it('answers every hostile body, query, path and encoding with a 4xx and the error body, changing nothing', async () => {
    const s = await stage(ctx);
    const state = await frozenState(ctx, s.room.id, [s.room.op, s.room.screen, s.ana.client]);
    const protos = prototypes();
    const rnd = seeded(SEED);
    const failures: string[] = [];
    let sent = 0;
    const expectAnswer = (label: string, res: { status: number; body: unknown; text: string }, want: Want[]): void => {
      sent += 1;
      const code = (res.body as { error?: { code?: string } }).error?.code;
      const fits = want.some(([status, c]) => status === res.status && c === code);
      const bad = malformed(res.body);
      if (bad || !fits) failures.push(`${label}: ${res.status} ${bad ?? ''} ${res.text.slice(0, 160)}`);
    };
    const all = routes(s, () => ctx.newEventId());
    const ev = `/api/events/${s.room.id}`;
    for (const route of all) {
      // The caller that may call it, so that the body is what gets judged.
      const token = credToken(s, '', route.who.includes('operator') ? 'operator' : route.admin ? 'admin' : 'none');
      for (const m of route.body ? mutations(route.body, rnd, 6) : []) {
        if (m.args === '' && route.body?.required.length === 0) continue; // an empty body is an empty join
        const res = await http(ctx.url, route.method, route.path, m.args, token);
        expectAnswer(`${route.method} ${route.path} ${m.label}`, res, [INVALID]);
      }
      // Beyond the 64 KiB limit, zipped beyond it, or in a charset or encoding JSON is not sent in.
      if (route.method !== 'POST') continue;
      const raw = async (label: string, body: string | Buffer, headers: Record<string, string>, want: Want) => {
        const res = await fetch(ctx.url + route.path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
          body,
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // judged as not an error body
        }
        expectAnswer(`${route.path} ${label}`, { status: res.status, body: parsed, text }, [want]);
      };
      const big = toJson({ ...(route.body?.payload ?? {}), padding: 'x'.repeat(70_000) });
      await raw('70 KB', big, {}, TOO_LARGE);
      await raw('a gzip bomb', BOMB, { 'content-encoding': 'gzip' }, TOO_LARGE);
      await raw('an unknown encoding', '{}', { 'content-encoding': 'bogus' }, UNSUPPORTED);
      await raw('latin1', '{}', { 'content-type': 'application/json; charset=latin1' }, UNSUPPORTED);
      if (route.body) {
        await raw('text/plain', toJson(route.body.payload), { 'content-type': 'text/plain' }, INVALID);
        await raw('broken JSON', '{"kind":', {}, INVALID);
        await raw('nested 30000 deep', `${'['.repeat(30_000)}${']'.repeat(30_000)}`, {}, INVALID);
      }
    }
    const op = s.room.opToken;
    for (const query of QUERIES) {
      for (const path of [`${ev}/questions`, `${ev}/questions.csv`, `${ev}/crash/audit`]) {
        expectAnswer(`${path}?${query}`, await http(ctx.url, 'GET', `${path}?${query}`, undefined, op), [INVALID]);
      }
    }
    for (const id of PATH_IDS) {
      const paths: [string, string, unknown][] = [
        ...['open', 'close', 'reveal'].map((verb): [string, string, unknown] => [
          'POST',
          `${ev}/polls/${id}/${verb}`,
          undefined,
        ]),
        ['GET', `${ev}/polls/${id}/results.csv`, undefined],
        ['POST', `${ev}/crash/results/${id}/void`, undefined],
        ['POST', `${ev}/questions/${id}/moderate`, { action: 'approve' }],
        ['POST', `${ev}/questions/${id}/merge`, { intoId: s.q1 }],
        ['POST', `${ev}/questions/${s.q1}/merge`, { intoId: id }],
      ];
      for (const [method, path, body] of paths) {
        expectAnswer(`${method} ${path.slice(0, 100)}`, await http(ctx.url, method, path, body, op), [
          MISSING,
          INVALID,
        ]);
      }
      // Another event's id in the path: the token is not of that event (or there is none such).
      const state = await http(ctx.url, 'GET', `/api/events/${id}/state`, undefined, op);
      expectAnswer(`state of ${id.slice(0, 20)}`, state, [[403, 'FORBIDDEN'], INVALID]);
      const join = await http(ctx.url, 'POST', `/api/events/${id}/join`, toJson(withKey({}, 'name', 'Eve')));
      expectAnswer(`join ${id.slice(0, 20)}`, join, [MISSING, INVALID]);
    }
    const polluting = toJson(withKey({ name: 'Eve' }, '__proto__', POLLUTION));
    expectAnswer('join polluting', await http(ctx.url, 'POST', `${ev}/join`, polluting), [INVALID]);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(700);
    expect(prototypes()).toEqual(protos);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await state.check();
    await runAll(s);
  });
});
