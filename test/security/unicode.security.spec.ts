import { join } from '../support/app.js';
import { MODES, openPoll, sync, useApp } from '../e2e/helpers.js';
import { UNICODE } from './hostile.js';
import { GENEROUS_LIMITS, WHO, commands, stage } from './staged.js';
import type { Ack } from '../support/protocol.js';

/** Odd text: the hostile set, and control characters, which some fields take. */
const ODD = [...UNICODE, 'A\u0000\u0007\u001b[2JB'];
/** Not Unicode at all: always refused (Redis would store U+FFFD, Lua's cjson refuses the escape). */
const lone = (text: string): boolean => /\p{Cs}/u.test(text);

/** The JSON text of a string without its quotes: how it must appear inside any JSON that holds it. */
const inJson = (text: string): string => JSON.stringify(text).slice(1, -1);

describe.each(MODES)('odd Unicode in free text (%s)', (mode) => {
  const ctx = useApp(mode, { env: GENEROUS_LIMITS });

  it('keeps direction marks, zero-width and combining marks exactly (or refuses them), and refuses lone surrogates', async () => {
    const s = await stage(ctx);
    const failures: string[] = [];
    let accepted = 0;
    const judge = async (label: string, ack: Ack<unknown>, text: string, shown: boolean): Promise<void> => {
      if (!ack.ok) {
        if (ack.error.code !== 'VALIDATION_FAILED') failures.push(`${label}: ${ack.error.code}`);
        return;
      }
      accepted += 1;
      if (lone(text)) failures.push(`${label}: a lone surrogate was taken`);
      if (!JSON.stringify(ack.data).includes(inJson(text))) failures.push(`${label}: not kept in the ack`);
      // Back from the store (Redis in cluster mode), as the operators' snapshot has it.
      if (shown && !JSON.stringify(await sync(s.room.op)).includes(inJson(text)))
        failures.push(`${label}: not stored as sent`);
    };
    for (const { event, shape } of commands(s)) {
      for (const field of shape.loose ?? []) {
        for (const [i, odd] of ODD.entries()) {
          const ack = await s.clients[WHO[event][0]].sendRaw(event, { ...shape.payload, [field]: odd });
          await judge(`${event} ${field} #${i}`, ack, odd, field !== 'model');
        }
      }
    }
    for (const [i, odd] of ODD.entries()) {
      const poll = {
        id: `u${i}`,
        kind: 'single',
        question: { en: odd },
        options: [{ label: { en: odd } }, { label: { en: 'B' } }],
      };
      await judge(`poll:create #${i}`, await s.room.op.send('poll:create', poll), odd, true);
      const joined = await join(ctx.url, s.room.id, { name: odd.slice(0, 40) }).catch(() => null);
      if (joined) {
        const me = (await sync(await ctx.connect(joined.token))).me;
        expect({ i, name: me?.name }).toEqual({ i, name: odd.slice(0, 40) });
      }
    }
    await openPoll(s.room.op, { id: 'words', kind: 'wordcloud', question: { en: 'One word?' } });
    for (const [i, odd] of ODD.entries()) {
      const ack = await s.ana.client.send('poll:vote', { pollId: 'words', text: odd.slice(0, 80) });
      const want = lone(odd) ? 'VALIDATION_FAILED' : 'ok';
      expect({ i, answer: ack.ok ? 'ok' : ack.error.code }).toEqual({ i, answer: want });
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(40);
  });
});
