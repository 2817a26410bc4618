import { jest } from '@jest/globals';
import { POLL_STORE, type PollStore } from '../../src/polls/poll.store.js';
import { ADMIN_KEY, call, http, type Call, type Client } from '../support/app.js';
import {
  MODES,
  OPTIONS,
  detailFields,
  drain,
  handshake,
  okData,
  openPoll,
  seqTrail,
  singlePoll,
  stable,
  useApp,
  vote,
  type Room,
} from './helpers.js';
import type { Ack, ErrorBody } from '../support/protocol.js';

/** An error ack has exactly `ok: false` and `error: { code, message, details? }`. */
function refused(ack: Ack<unknown>, code: string): ErrorBody {
  expect(Object.keys(ack).sort()).toEqual(['error', 'ok']);
  if (ack.ok) throw new Error('expected an error ack');
  expect(ack.error).toMatchObject({ code, message: expect.any(String) as unknown });
  expect(Object.keys(ack.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  return ack.error;
}

/** A command with a valid payload (the Call), and a wrong one sent raw, with the fields it gets wrong. */
interface Case extends Call<Record<string, unknown>> {
  sender: 'operator' | 'audience';
  wrong: Record<string, unknown>;
  wrongFields: string[];
  required: string[];
}

const CASES: Case[] = [
  {
    ...call('poll:create', singlePoll('fresh')),
    sender: 'operator',
    wrong: { ...singlePoll('fresh'), kind: 7, question: 'text', options: 'a,b' },
    wrongFields: ['kind', 'question', 'options'],
    required: ['kind', 'question'],
  },
  ...(['poll:open', 'poll:close', 'poll:reveal'] as const).map((event) => ({
    ...call(event, { pollId: event === 'poll:open' ? 'draft' : 'live' }),
    sender: 'operator' as const,
    wrong: { pollId: 5 },
    wrongFields: ['pollId'],
    required: ['pollId'],
  })),
  {
    ...call('poll:vote', { pollId: 'live', optionIds: ['a'] }),
    sender: 'audience',
    wrong: { pollId: 'live', optionIds: 'a', value: '3' },
    wrongFields: ['optionIds', 'value'],
    required: ['pollId'],
  },
  {
    ...call('stage:cue', { kind: 'announcement', title: 'Hello' }),
    sender: 'operator',
    wrong: { kind: 'announcement', title: 5, until: 'soon' },
    wrongFields: ['title', 'until'],
    required: ['kind'],
  },
  {
    ...call('reaction:send', { emoji: '👍' }),
    sender: 'audience',
    wrong: { emoji: 1 },
    wrongFields: ['emoji'],
    required: ['emoji'],
  },
];

describe.each(MODES)('error answers (%s)', (mode) => {
  const ctx = useApp(mode);

  /** A room with a draft poll `draft`, an open poll `live` and one audience member. */
  async function setUp(): Promise<{ room: Room; aud: Client; unchanged: () => Promise<void> }> {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    okData(await room.op.send('poll:create', singlePoll('draft')));
    await openPoll(room.op, singlePoll('live'));
    await vote(ana.client, 'live', { optionIds: ['b'] });
    const clients = [room.op, room.screen, ana.client];
    const snapshots = await Promise.all(clients.map((c) => stable(c)));
    // Nothing changed: same snapshots, and no broadcast carried a newer seq.
    const unchanged = async (): Promise<void> => {
      for (const [i, c] of clients.entries()) {
        expect(await stable(c)).toEqual(snapshots[i]);
        await drain(c);
        expect(seqTrail(c).at(-1)).toBe(snapshots[i].seq);
      }
    };
    return { room, aud: ana.client, unchanged };
  }

  it('answers VALIDATION_FAILED with the offending fields for every command, changing nothing', async () => {
    const { room, aud, unchanged } = await setUp();
    for (const c of CASES) {
      const client = c.sender === 'operator' ? room.op : aud;
      const fields = async (payload: unknown): Promise<string[]> =>
        detailFields(refused(await client.sendRaw(c.event, payload), 'VALIDATION_FAILED')).sort();
      expect({ event: c.event, wrong: await fields(c.wrong) }).toEqual({
        event: c.event,
        wrong: [...c.wrongFields].sort(),
      });
      expect(await fields({})).toEqual(expect.arrayContaining(c.required));
      expect(await fields({ ...c.payload, isAdmin: true })).toEqual(['isAdmin']);
      for (const payload of ['a string', [c.payload], null, 42, true]) {
        expect({ event: c.event, payload, fields: await fields(payload) }).toEqual({
          event: c.event,
          payload,
          fields: ['(payload)'],
        });
      }
      expect(detailFields(refused(await client.sendRaw(c.event), 'VALIDATION_FAILED'))).toEqual(['(payload)']);
    }
    const nested = await room.op.sendRaw('poll:create', {
      ...singlePoll('nested'),
      options: [{ label: { en: 'A' }, color: 'red' }, { label: { en: 'B' } }],
    });
    expect(detailFields(refused(nested, 'VALIDATION_FAILED'))).toEqual(['options.0.color']);
    const proto = await aud.sendRaw('poll:vote', JSON.parse('{"pollId":"live","__proto__":{"x":1}}'));
    expect(detailFields(refused(proto, 'VALIDATION_FAILED'))).toEqual(['__proto__']);
    await unchanged();
    // The valid payloads pass: the errors above were about the payloads only.
    const audienceFirst = [...CASES].sort((x, y) => (x.sender === y.sender ? 0 : x.sender === 'audience' ? -1 : 1));
    for (const c of audienceFirst) okData(await c.send(c.sender === 'operator' ? room.op : aud));
  });

  it('answers VALIDATION_FAILED for a poll or a vote that does not fit its kind, changing nothing', async () => {
    const { room, aud, unchanged } = await setUp();
    const q = { en: 'Q?' };
    const badPolls: [Record<string, unknown>, string][] = [
      [{ kind: 'single', question: q, options: [OPTIONS[0]] }, 'options'],
      [{ kind: 'single', question: q, options: [OPTIONS[0], OPTIONS[0]] }, 'options'],
      [{ kind: 'single', question: q, options: OPTIONS, maxChoices: 2 }, 'maxChoices'],
      [{ kind: 'multi', question: q, options: OPTIONS, maxChoices: 4 }, 'maxChoices'],
      [{ kind: 'single', question: q, options: OPTIONS, scale: { min: 1, max: 5 } }, 'scale'],
      [{ kind: 'rating', question: q, scale: { min: 5, max: 1 } }, 'scale'],
      [{ kind: 'rating', question: q, scale: { min: 1.5, max: 5 } }, 'scale.min'],
      [{ kind: 'wordcloud', question: q, options: OPTIONS }, 'options'],
      [{ kind: 'single', question: { fr: 'Q?' }, options: OPTIONS }, 'question'],
      [{ kind: 'single', question: q, options: OPTIONS, results: 'secret' }, 'results'],
      [{ kind: 'single', question: q, options: [{ id: 'a b', label: q }, OPTIONS[1]] }, 'options.0.id'],
      [{ kind: 'poll', question: q }, 'kind'],
      [{ id: 'bad id!', kind: 'wordcloud', question: q }, 'id'],
    ];
    for (const [payload, field] of badPolls) {
      const ack = await room.op.send('poll:create', payload);
      expect({ payload, fields: detailFields(refused(ack, 'VALIDATION_FAILED')) }).toEqual({
        payload,
        fields: expect.arrayContaining([field]) as unknown,
      });
    }
    const badVotes: [Record<string, unknown>, string][] = [
      [{ pollId: 'live' }, 'optionIds'],
      [{ pollId: 'live', optionIds: ['a', 'b'] }, 'optionIds'],
      [{ pollId: 'live', optionIds: ['zz'] }, 'optionIds'],
      [{ pollId: 'live', optionIds: [] }, 'optionIds'],
      [{ pollId: 'live', text: 'b' }, 'text'],
      [{ pollId: 'live', optionIds: ['a'], value: 1 }, 'value'],
    ];
    for (const [payload, field] of badVotes) {
      const ack = await aud.sendRaw('poll:vote', payload);
      expect({ payload, fields: detailFields(refused(ack, 'VALIDATION_FAILED')) }).toEqual({
        payload,
        fields: [field],
      });
    }
    await unchanged();
  });

  it('answers NOT_FOUND, CONFLICT and POLL_CLOSED where the protocol says, changing nothing', async () => {
    const { room, aud, unchanged } = await setUp();
    for (const event of ['poll:open', 'poll:close', 'poll:reveal'] as const) {
      refused(await room.op.send(event, { pollId: 'nope' }), 'NOT_FOUND');
    }
    refused(await aud.send('poll:vote', { pollId: 'nope', optionIds: ['a'] }), 'NOT_FOUND');
    const csv = await http<{ ok: boolean; error: ErrorBody }>(
      ctx.url,
      'GET',
      `/api/events/${room.id}/polls/nope/results.csv`,
      undefined,
      room.opToken,
    );
    expect(csv.status).toBe(404);
    expect(csv.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    refused(await room.op.send('poll:create', { ...singlePoll('live'), question: { en: 'Replaced?' } }), 'CONFLICT');
    refused(await room.op.send('poll:close', { pollId: 'draft' }), 'CONFLICT');
    refused(await room.op.send('poll:reveal', { pollId: 'draft' }), 'CONFLICT');
    const dup = await http<{ ok: boolean; error: ErrorBody }>(
      ctx.url,
      'POST',
      '/api/events',
      { id: room.id, name: 'Again' },
      ADMIN_KEY,
    );
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    refused(await aud.send('poll:vote', { pollId: 'draft', optionIds: ['a'] }), 'POLL_CLOSED');
    await unchanged();
    okData(await room.op.send('poll:close', { pollId: 'live' }));
    refused(await aud.send('poll:vote', { pollId: 'live', optionIds: ['c'] }), 'POLL_CLOSED');
    const closed = okData(await room.op.send('poll:close', { pollId: 'live' }));
    expect(closed.tally).toMatchObject({ total: 1, counts: { a: 0, b: 1, c: 0 } });
  });

  it('answers UNAUTHORIZED without a valid token and FORBIDDEN to a role that may not, changing nothing', async () => {
    const { room, aud, unchanged } = await setUp();
    expect(await handshake(ctx.url, 'forged.token.value')).toBe('UNAUTHORIZED');
    for (const token of [undefined, 'forged.token.value']) {
      const state = await http<{ ok: boolean; error: ErrorBody }>(
        ctx.url,
        'GET',
        `/api/events/${room.id}/state`,
        undefined,
        token,
      );
      expect(state.status).toBe(401);
      expect(state.body).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      const create = await http(ctx.url, 'POST', `/api/events/${room.id}/polls`, singlePoll('x'), token);
      expect(create.status).toBe(401);
    }
    refused(await aud.send('poll:create', singlePoll('x')), 'FORBIDDEN');
    refused(await room.screen.send('poll:vote', { pollId: 'live', optionIds: ['a'] }), 'FORBIDDEN');
    refused(await room.op.send('poll:vote', { pollId: 'live', optionIds: ['a'] }), 'FORBIDDEN');
    refused(await room.screen.send('stage:cue', { kind: 'clear' }), 'FORBIDDEN');
    await unchanged();
  });

  it('answers NOT_FOUND to a command that does not exist, changing nothing', async () => {
    const { room, aud, unchanged } = await setUp();
    refused(await aud.sendRaw('poll:delete', { pollId: 'live' }), 'NOT_FOUND');
    refused(await room.op.sendRaw('constructor', {}), 'NOT_FOUND');
    refused(await room.op.sendRaw('__proto__', {}), 'NOT_FOUND');
    await unchanged();
  });

  it('answers INTERNAL to a failure nobody expected, and the node serves the next command', async () => {
    const { aud, unchanged } = await setUp();
    const store = ctx.app.app.get<PollStore>(POLL_STORE);
    const broken = jest.spyOn(store, 'vote').mockRejectedValueOnce(new TypeError('a bug'));
    const ack = refused(await aud.send('poll:vote', { pollId: 'live', optionIds: ['a'] }), 'INTERNAL');
    expect(ack.message).not.toContain('a bug');
    expect(broken).toHaveBeenCalledTimes(1);
    broken.mockRestore();
    await unchanged();
    expect(okData(await aud.send('poll:vote', { pollId: 'live', optionIds: ['a'] }))).toEqual({
      pollId: 'live',
      vote: { optionIds: ['a'] },
    });
  });
});
