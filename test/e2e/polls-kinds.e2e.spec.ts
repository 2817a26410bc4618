import {
  MODES,
  OPTIONS,
  detailFields,
  errorOf,
  okData,
  openPoll,
  singlePoll,
  sync,
  useApp,
  vote,
  waitTally,
} from './helpers.js';

describe.each(MODES)('poll kinds and tallies (%s)', (mode) => {
  const ctx = useApp(mode);

  it('multi: up to maxChoices distinct options, each counted, total counts people', async () => {
    const room = await ctx.room();
    const [ana, ben, cat] = await room.members(3);
    const poll = await openPoll(room.op, {
      id: 'm',
      kind: 'multi',
      question: { en: 'Pick two' },
      options: OPTIONS,
      maxChoices: 2,
    });
    expect(poll).toMatchObject({ kind: 'multi', maxChoices: 2, options: OPTIONS });
    expect(await vote(ana.client, 'm', { optionIds: ['a', 'b'] })).toEqual({
      pollId: 'm',
      vote: { optionIds: ['a', 'b'] },
    });
    await vote(ben.client, 'm', { optionIds: ['b', 'c'] });
    const tooMany = errorOf(await cat.client.send('poll:vote', { pollId: 'm', optionIds: ['a', 'b', 'c'] }));
    expect(detailFields(tooMany)).toEqual(['optionIds']);
    const unknown = errorOf(await cat.client.send('poll:vote', { pollId: 'm', optionIds: ['a', 'z'] }));
    expect(detailFields(unknown)).toEqual(['optionIds']);
    const twice = errorOf(await cat.client.send('poll:vote', { pollId: 'm', optionIds: ['a', 'a'] }));
    expect(detailFields(twice)).toEqual(['optionIds']);
    const t = await waitTally(room.screen, 'm', (x) => x.total === 2);
    expect(t).toMatchObject({ total: 2, counts: { a: 1, b: 2, c: 1 } });

    await vote(ana.client, 'm', { optionIds: ['c'] });
    await waitTally(room.screen, 'm', (x) => x.counts.c === 2);
    const closed = okData(await room.op.send('poll:close', { pollId: 'm' }));
    expect(closed.tally).toMatchObject({ total: 2, counts: { a: 0, b: 1, c: 2 } });
  });

  it('rating: counts every scale value, mean rounded to 2 decimals, absent before any vote', async () => {
    const room = await ctx.room();
    const [ana, ben, cat] = await room.members(3);
    const poll = await openPoll(room.op, { id: 'r', kind: 'rating', question: { en: 'How safe?' } });
    expect(poll.scale).toEqual({ min: 1, max: 5 });
    expect(poll.tally).toMatchObject({ total: 0, counts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
    expect(poll.tally?.mean).toBeUndefined();
    expect(await vote(ana.client, 'r', { value: 5 })).toEqual({ pollId: 'r', vote: { value: 5 } });
    await vote(ben.client, 'r', { value: 4 });
    await vote(cat.client, 'r', { value: 3 });
    const t = await waitTally(room.screen, 'r', (x) => x.total === 3);
    expect(t).toMatchObject({ total: 3, counts: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 }, mean: 4 });
    await vote(ana.client, 'r', { value: 1 });
    const moved = await waitTally(room.screen, 'r', (x) => x.counts['1'] === 1);
    expect(moved).toMatchObject({ total: 3, counts: { 1: 1, 3: 1, 4: 1, 5: 0 }, mean: 2.67 });
    expect(detailFields(errorOf(await ana.client.send('poll:vote', { pollId: 'r', value: 6 })))).toEqual(['value']);
    expect(detailFields(errorOf(await ana.client.send('poll:vote', { pollId: 'r', value: 2.5 })))).toEqual(['value']);
    expect(detailFields(errorOf(await ana.client.send('poll:vote', { pollId: 'r', optionIds: ['a'] })))).toContain(
      'optionIds',
    );

    const custom = await openPoll(room.op, {
      id: 'r2',
      kind: 'rating',
      question: { en: 'Noise?' },
      scale: { min: -2, max: 2 },
    });
    expect(Object.keys(custom.tally?.counts ?? {}).sort()).toEqual(['-1', '-2', '0', '1', '2']);
    await vote(ana.client, 'r2', { value: -2 });
    await vote(ben.client, 'r2', { value: 0 });
    const closed = okData(await room.op.send('poll:close', { pollId: 'r2' }));
    expect(closed.tally).toMatchObject({ total: 2, counts: { '-2': 1, 0: 1, 2: 0 }, mean: -1 });
  });

  it('wordcloud: folds "Safety!", " safety " and "SAFETY" into one word', async () => {
    const room = await ctx.room();
    const people = await room.members(4);
    await openPoll(room.op, { id: 'w', kind: 'wordcloud', question: { en: 'One word?' } });
    const texts = ['Safety!', ' safety ', 'SAFETY', 'Speed'];
    const acks = await Promise.all(people.map((p, i) => vote(p.client, 'w', { text: texts[i] })));
    expect(acks[0]).toEqual({ pollId: 'w', vote: { text: 'Safety!' } });
    const t = await waitTally(room.screen, 'w', (x) => x.total === 4);
    expect(t).toMatchObject({
      total: 4,
      counts: {},
      words: [
        ['safety', 3],
        ['speed', 1],
      ],
    });
    const nothing = errorOf(await people[0].client.send('poll:vote', { pollId: 'w', text: '!!! ?' }));
    expect(detailFields(nothing)).toEqual(['text']);
    // A changed answer moves the word counts.
    await vote(people[3].client, 'w', { text: 'safety.' });
    const closed = okData(await room.op.send('poll:close', { pollId: 'w' }));
    expect(closed.tally).toMatchObject({ total: 4, words: [['safety', 4]] });
    expect((await sync(people[1].client)).myVotes).toEqual({ w: { text: 'safety' } });
  });

  it('byCountry counts voters by the country they joined with, once each', async () => {
    const room = await ctx.room();
    const people = await room.members(5, (i) => [{ country: 'de' }, { country: 'DE' }, { country: 'FR' }, {}, {}][i]);
    await openPoll(room.op, singlePoll('c'));
    for (const p of people) await vote(p.client, 'c', { optionIds: ['a'] });
    await vote(people[0].client, 'c', { optionIds: ['b'] });
    await waitTally(room.screen, 'c', (t) => t.counts.b === 1);
    const closed = okData(await room.op.send('poll:close', { pollId: 'c' }));
    expect(closed.tally).toMatchObject({ total: 5, counts: { a: 4, b: 1, c: 0 }, byCountry: { DE: 2, FR: 1 } });
    expect((await sync(people[0].client)).me).toMatchObject({ country: 'DE' });
  });
});
