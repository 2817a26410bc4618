// docs/asyncapi.yaml, the socket protocol for partners' tools, against the official AsyncAPI parser
// and the typed maps the server compiles against (src/protocol/events.ts): the document must be
// valid, name exactly the commands of ClientEvents and the broadcasts of ServerEvents, and give each
// the roles that send it (WHO, which roles.security.spec.ts proves on a live server) or get it.
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface, type OperationInterface } from '@asyncapi/parser';
import type { Role, ServerEvents } from '../support/protocol.js';
import { ROLES, WHO } from './staged.js';

const SOURCE = readFileSync(new URL('../../docs/asyncapi.yaml', import.meta.url), 'utf8');

/**
 * Who gets each broadcast (PROTOCOL and docs/protocol.md; the Broadcaster's rooms in the services).
 * Typed by the broadcast list, so a new broadcast does not compile until it is in here: and then
 * in the document, or the names check below fails.
 */
const RECEIVERS: Record<keyof ServerEvents, readonly Role[]> = {
  state: ROLES,
  'state:seq': ROLES,
  'server:draining': ROLES,
  'event:reset': ROLES,
  'event:deleted': ROLES,
  'ops:figures': ['operator'],
  'poll:updated': ROLES,
  'poll:tally': ROLES,
  'qa:question': ROLES,
  'qa:removed': ['audience', 'screen'],
  'qa:upvotes': ROLES,
  'qa:settings': ROLES,
  'qa:mine': ['audience'],
  'crash:board': ROLES,
  'crash:predictors': ROLES,
  'stage:cue': ROLES,
  'reaction:burst': ROLES,
  'screen:scene': ROLES,
  'quiz:updated': ['operator'],
  'quiz:question': ROLES,
  'quiz:closed': ROLES,
  'quiz:reveal': ROLES,
  'quiz:me': ['audience'],
  'quiz:ended': ROLES,
  'quiz:answers': ['operator', 'screen'],
};

/** The diagnostics that fail the document; information and hints (such as "3.1.0 is out") do not. */
const FAILING: readonly number[] = [DiagnosticSeverity.Error, DiagnosticSeverity.Warning];

const sorted = (names: Iterable<string>): string[] => [...names].sort();

async function parse(source: string): Promise<{ document?: AsyncAPIDocumentInterface; problems: string[] }> {
  const { document, diagnostics } = await new Parser().parse(source);
  const problems = diagnostics
    .filter((d) => FAILING.includes(d.severity))
    .map((d) => `${DiagnosticSeverity[d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`);
  return { document, problems };
}

/** The one event an operation is about: the name of its one message. */
function eventOf(op: OperationInterface): string {
  const names = op
    .messages()
    .all()
    .map((m) => m.name());
  expect(names).toHaveLength(1);
  return names[0] ?? '';
}

/** An operation's roles, as its `x-roles` and as its role tags (both must be there, and agree). */
function rolesOf(op: OperationInterface): { extension: string[]; tags: string[] } {
  const extension = op.extensions().get('x-roles')?.value<unknown>();
  const roles: readonly string[] = ROLES;
  return {
    extension: Array.isArray(extension) ? sorted(extension.map(String)) : [],
    tags: sorted(
      op
        .tags()
        .all()
        .map((t) => t.name())
        .filter((name) => roles.includes(name)),
    ),
  };
}

describe('docs/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;
  let commands: OperationInterface[];
  let broadcasts: OperationInterface[];

  beforeAll(async () => {
    const parsed = await parse(SOURCE);
    expect(parsed.problems).toEqual([]);
    if (!parsed.document) throw new Error('the parser returned no document');
    document = parsed.document;
    commands = document.operations().filterByReceive();
    broadcasts = document.operations().filterBySend();
  });

  it('is a valid AsyncAPI 3.0 document: the official parser reports no error and no warning', () => {
    expect(document.version()).toBe('3.0.0');
  });

  it.each([
    ['an operation with an action that is neither send nor receive', /^(\s+)action: receive$/m, '$1action: take'],
    ['a reference to a schema that does not exist', /schemas\/Poll'/, "schemas/Pol'"],
  ])('would be refused by the same parser with %s (the check above is live)', async (_what, part, replacement) => {
    const broken = SOURCE.replace(part, replacement);
    expect(broken).not.toBe(SOURCE);
    const { problems } = await parse(broken);
    expect(problems.some((p) => p.startsWith('Error'))).toBe(true);
  });

  it('names exactly the commands of ClientEvents and the broadcasts of ServerEvents, each once', () => {
    expect(commands.length + broadcasts.length).toBe(document.operations().length);
    const commandNames = commands.map(eventOf);
    const broadcastNames = broadcasts.map(eventOf);
    expect(sorted(commandNames)).toEqual(sorted(Object.keys(WHO)));
    expect(sorted(broadcastNames)).toEqual(sorted(Object.keys(RECEIVERS)));
    expect(new Set(commandNames).size).toBe(commandNames.length);
    expect(new Set(broadcastNames).size).toBe(broadcastNames.length);
  });

  it('has no event on the socket that no operation sends or receives', () => {
    const socket = document.channels().get('socket');
    expect(socket?.address()).toBe('/');
    const onChannel =
      socket
        ?.messages()
        .all()
        .map((m) => m.name() ?? '') ?? [];
    const used = [...commands, ...broadcasts].map(eventOf);
    expect(sorted(onChannel)).toEqual(sorted(used));
    for (const op of [...commands, ...broadcasts]) {
      expect(
        op
          .channels()
          .all()
          .map((c) => c.id()),
      ).toEqual(['socket']);
    }
  });

  it('gives each command the roles that may send it (WHO), as x-roles and as tags', () => {
    const roles = Object.fromEntries(commands.map((op) => [eventOf(op), rolesOf(op)]));
    const expected = Object.fromEntries(
      Object.entries(WHO).map(([name, who]) => [name, { extension: sorted(who), tags: sorted(who) }]),
    );
    expect(roles).toEqual(expected);
  });

  it('gives each broadcast the roles that get it, as x-roles and as tags', () => {
    const roles = Object.fromEntries(broadcasts.map((op) => [eventOf(op), rolesOf(op)]));
    const expected = Object.fromEntries(
      Object.entries(RECEIVERS).map(([name, who]) => [name, { extension: sorted(who), tags: sorted(who) }]),
    );
    expect(roles).toEqual(expected);
  });

  it('gives every command a payload and an ack, { ok: true, data } or { ok: false, error: { code, message, details? } }', () => {
    const wrong: string[] = [];
    for (const op of commands) {
      const name = eventOf(op);
      const [message] = op.messages().all();
      if (!message?.hasPayload()) wrong.push(`${name}: no payload`);
      const acks = op.reply()?.messages().all() ?? [];
      const ack = acks.length === 1 ? acks[0]?.payload() : undefined;
      const [ok, error] = ack?.oneOf() ?? [];
      const okProps = ok?.properties() ?? {};
      const errorProps = error?.properties() ?? {};
      const body = errorProps.error?.properties() ?? {};
      const shaped =
        ack?.oneOf()?.length === 2 &&
        okProps.ok?.const() === true &&
        okProps.data !== undefined &&
        sorted(ok?.required() ?? []).join() === 'data,ok' &&
        errorProps.ok?.const() === false &&
        sorted(error?.required() ?? []).join() === 'error,ok' &&
        sorted(Object.keys(body)).join() === 'code,details,message' &&
        sorted(errorProps.error?.required() ?? []).join() === 'code,message';
      if (!shaped) wrong.push(`${name}: the ack is not { ok: true, data } | { ok: false, error }`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives every broadcast a payload', () => {
    const without = broadcasts.filter((op) => !op.messages().all()[0]?.hasPayload()).map(eventOf);
    expect(without).toEqual([]);
  });
});
