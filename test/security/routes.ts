import { ADMIN_KEY } from '../support/app.js';
import { singlePoll } from '../e2e/helpers.js';
import type { Shape } from './hostile.js';
import type { Staged } from './staged.js';

/** Who calls: no token, a token of each role of the event, an operator of another event, the admin key. */
export type Cred = 'none' | 'audience' | 'screen' | 'operator' | 'otherOperator' | 'admin';
export const CREDS: Cred[] = ['none', 'audience', 'screen', 'operator', 'otherOperator', 'admin'];

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: Shape;
  /** Who gets the success status (PROTOCOL sections 1 and 8, docs/protocol.md). */
  who: readonly Cred[];
  status: number;
  /** Admin routes (the admin key): every other caller is UNAUTHORIZED. */
  admin?: boolean;
}

const ANYONE = CREDS;
const EVENT_ROLES: Cred[] = ['audience', 'screen', 'operator'];
const OPERATOR: Cred[] = ['operator'];
const AUDIENCE: Cred[] = ['audience'];

/**
 * What a caller that may not call a route gets: 401 without a token of the event's kind (no token,
 * the admin key on an event route, a token on an admin route); 403 with the token of a role that may
 * not, or of another event.
 */
export function refusal(route: Route, cred: Cred): { status: number; code: string } {
  if (route.admin || cred === 'none' || cred === 'admin') return { status: 401, code: 'UNAUTHORIZED' };
  return { status: 403, code: 'FORBIDDEN' };
}

/** Every HTTP route, with a body that succeeds, in an order in which each succeeds once. */
export function routes(s: Staged, newEventId: () => string): Route[] {
  const ev = `/api/events/${s.room.id}`;
  const route = (method: Route['method'], path: string, who: readonly Cred[], status: number, body?: Shape): Route => ({
    method,
    path,
    who,
    status,
    body,
  });
  return [
    route('GET', '/health', ANYONE, 200),
    route('GET', '/ready', ANYONE, 200),
    {
      ...route('POST', '/api/events', ['admin'], 201, {
        payload: { id: newEventId(), name: 'Another', moderation: true, inviteCodes: ['KOC-2025'] },
        required: ['id', 'name'],
        loose: ['id', 'name'],
      }),
      admin: true,
    },
    {
      ...route('POST', '/api/auth/token', ['admin'], 201, {
        payload: { role: 'screen', eventId: s.room.id, name: 'Hall B' },
        required: ['role', 'eventId', 'name'],
        loose: ['eventId', 'name'],
      }),
      admin: true,
    },
    route('POST', `${ev}/join`, ANYONE, 201, {
      payload: { name: 'Kim', country: 'KR', locale: 'ko-KR', inviteCode: 'KOC-2025' },
      required: [],
      // Any invite code is taken (an unknown one joins without the badge); `toString` is a locale.
      loose: ['name', 'locale', 'inviteCode'],
    }),
    route('GET', `${ev}/state`, EVENT_ROLES, 200),
    route('GET', `${ev}/crash/board`, EVENT_ROLES, 200),
    route('POST', `${ev}/polls`, OPERATOR, 201, {
      payload: singlePoll('rest'),
      required: ['kind', 'question', 'options'],
    }),
    route('POST', `${ev}/polls/draft/open`, OPERATOR, 200),
    route('POST', `${ev}/polls/live/reveal`, OPERATOR, 200),
    route('POST', `${ev}/polls/live/close`, OPERATOR, 200),
    route('GET', `${ev}/polls/live/results.csv`, OPERATOR, 200),
    route('POST', `${ev}/polls/said/answers/${s.answerId}/moderate`, OPERATOR, 200, {
      payload: { action: 'approve' },
      required: ['action'],
    }),
    route('GET', `${ev}/quizzes/quiz1/results.csv`, OPERATOR, 200),
    route('POST', `${ev}/stage/cue`, OPERATOR, 200, {
      payload: { kind: 'countdown', title: 'Break', until: 1_900_000_000_000 },
      required: ['kind'],
      loose: ['title'],
    }),
    route('POST', `${ev}/crash/entries`, OPERATOR, 200, {
      payload: { id: 'car4', name: 'Car 4', brand: 'Brand' },
      required: ['id', 'name', 'brand'],
      loose: ['name', 'brand'],
    }),
    route('POST', `${ev}/crash/results`, OPERATOR, 200, {
      payload: { id: 'r3', entryId: 'car2', test: 'frontal', score: 60, stars: 3 },
      required: ['id', 'entryId', 'test', 'score'],
    }),
    route('POST', `${ev}/crash/results/r1/void`, OPERATOR, 200),
    route('GET', `${ev}/crash/audit?resultId=r1`, OPERATOR, 200),
    route('POST', `${ev}/crash/freeze`, OPERATOR, 200, { payload: { frozen: true }, required: ['frozen'] }),
    route('GET', `${ev}/questions?status=approved&koc=false`, OPERATOR, 200),
    route('GET', `${ev}/questions.csv`, OPERATOR, 200),
    route('POST', `${ev}/questions/${s.q1}/moderate`, OPERATOR, 200, {
      payload: { action: 'answer', answer: 'Yes' },
      required: ['action'],
      loose: ['answer'],
    }),
    route('POST', `${ev}/questions/${s.q2}/merge`, OPERATOR, 200, { payload: { intoId: s.q1 }, required: ['intoId'] }),
    route('POST', `${ev}/forum/settings`, OPERATOR, 200, { payload: { moderation: false }, required: ['moderation'] }),
    // Section 11: the report, the export, a person's data; then what erases, resets and deletes, last.
    route('GET', `${ev}/report`, OPERATOR, 200),
    route('GET', `${ev}/export.zip`, OPERATOR, 200),
    route('POST', `${ev}/end`, ['operator', 'admin'], 200),
    route('GET', '/api/me/export', AUDIENCE, 200),
    route('DELETE', `${ev}/people/a-nobody`, OPERATOR, 204),
    route('DELETE', '/api/me', AUDIENCE, 204),
    { ...route('POST', `${ev}/reset`, ['admin'], 200), admin: true },
    { ...route('DELETE', ev, ['admin'], 204), admin: true },
  ];
}

/** The Authorization token each caller sends (undefined: none). */
export function credToken(s: Staged, otherOperator: string, cred: Cred): string | undefined {
  const tokens: Record<Cred, string | undefined> = {
    none: undefined,
    audience: s.ana.token,
    screen: s.room.screenToken,
    operator: s.room.opToken,
    otherOperator,
    admin: ADMIN_KEY,
  };
  return tokens[cred];
}
