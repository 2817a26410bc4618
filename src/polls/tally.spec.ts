import type { RawTally } from './poll.store.js';
import type { PollDefinition } from './poll.types.js';
import { buildTally, foldWord } from './tally.js';

const raw = (over: Partial<RawTally> = {}): RawTally => ({
  version: 3,
  total: 0,
  counts: {},
  byCountry: {},
  words: [],
  sum: 0,
  revealed: false,
  ...over,
});
const def = (over: Partial<PollDefinition>): PollDefinition => ({
  id: 'p',
  kind: 'single',
  question: { en: 'Q' },
  options: [],
  results: 'live',
  createdAt: 1,
  ...over,
});

describe('foldWord', () => {
  it.each([
    ['Safety!', 'safety'],
    ['  safety  ', 'safety'],
    ['SAFETY', 'safety'],
    ['self-driving', 'self driving'],
    ['Self   Driving?!', 'self driving'],
    ['ＳＡＦＥＴＹ', 'safety'],
    ['安全！', '安全'],
    ['🚗🚗', ''],
    ['!!!', ''],
  ])('%p folds to %p', (input, folded) => {
    expect(foldWord(input)).toBe(folded);
  });

  it('keeps at most 40 characters', () => {
    expect(foldWord('a'.repeat(100))).toHaveLength(40);
  });

  it('never cuts a letter beyond the BMP in half', () => {
    // U+20000 is one letter in two UTF-16 code units, the 40th and 41st here.
    expect(foldWord(`${'a'.repeat(39)}\u{20000}b`)).toBe('a'.repeat(39));
    expect(foldWord(`${'a'.repeat(38)}\u{20000}b`)).toBe(`${'a'.repeat(38)}\u{20000}`);
  });
});

describe('buildTally', () => {
  it('lists every option, zero where nobody chose it', () => {
    const options = [
      { id: 'a', label: { en: 'A' } },
      { id: 'b', label: { en: 'B' } },
    ];
    const tally = buildTally(def({ options }), raw({ total: 2, counts: { a: 2 }, byCountry: { DE: 2, FR: 0 } }));
    expect(tally).toEqual({ pollId: 'p', version: 3, total: 2, counts: { a: 2, b: 0 }, byCountry: { DE: 2 } });
  });

  it('gives a rating every scale value and the mean', () => {
    const tally = buildTally(
      def({ kind: 'rating', scale: { min: 1, max: 3 } }),
      raw({ total: 3, counts: { '1': 1, '3': 2 }, sum: 7 }),
    );
    expect(tally.counts).toEqual({ '1': 1, '2': 0, '3': 2 });
    expect(tally.mean).toBe(2.33);
    expect(buildTally(def({ kind: 'rating', scale: { min: 1, max: 3 } }), raw()).mean).toBeUndefined();
  });

  it('gives a word cloud its words and no option counts', () => {
    const tally = buildTally(
      def({ kind: 'wordcloud' }),
      raw({
        total: 3,
        words: [
          ['safe', 2],
          ['fast', 1],
        ],
      }),
    );
    expect(tally.words).toEqual([
      ['safe', 2],
      ['fast', 1],
    ]);
    expect(tally.counts).toEqual({});
  });
});
