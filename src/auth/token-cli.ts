import { parseArgs } from 'node:util';
import { EVENT_ID } from '../common/ids.js';
import { ROLES, type Role } from './identity.js';
import { newId, signToken } from './token.service.js';

export const USAGE = `Usage: npm run token -- --role operator|screen|audience --event <eventId> [--name <name>] [--ttl <seconds>]
Signs with AUTH_SECRET from the environment: the same secret as the server's.`;

const PREFIX: Record<Role, string> = { operator: 'o-', screen: 's-', audience: 'a-' };

/** `npm run token`: exit code and output, so that it can be tested without a process. */
export function tokenCli(argv: string[], env: NodeJS.ProcessEnv): { code: number; out: string } {
  const fail = (message: string): { code: number; out: string } => ({ code: 2, out: `${message}\n${USAGE}` });
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        event: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string', default: String(60 * 60 * 48) },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return fail((err as Error).message);
  }
  if (values.help) return { code: 0, out: USAGE };
  const secret = env.AUTH_SECRET;
  if (!secret || secret.length < 32) return fail("AUTH_SECRET (32+ characters) must be set to the server's secret.");
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) return fail('--role must be operator, screen or audience.');
  if (!values.event || !EVENT_ID.test(values.event)) return fail('--event must be an event id.');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 60) return fail('--ttl must be a whole number of seconds, at least 60.');
  const name = values.name ?? null;
  const identity = {
    role,
    eventId: values.event,
    id: newId(PREFIX[role]),
    name,
    country: null,
    locale: null,
    koc: false,
  };
  return { code: 0, out: signToken(identity, secret, ttl) };
}
