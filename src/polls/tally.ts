import type { RawTally } from './poll.store.js';
import { firstsKey, pointsKey, type PollDefinition, type RankingRow, type Tally } from './poll.types.js';

/** Who reads a text poll's answers: operators every status, the audience and screens approved only. */
export type AnswersView = 'all' | 'approved';

const MAX_WORD = 40;
const HIGH_SURROGATE = /^[\uD800-\uDBFF]$/;

/**
 * Word-cloud folding: one answer is one entry, compared without case, punctuation, symbols or
 * extra spaces ("Safety!", " safety " and "SAFETY" are one). NFKC first so full-width forms fold too.
 */
export function foldWord(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  // Never half a surrogate pair (a letter beyond the BMP at the cut): Redis' cjson refuses it.
  const end = HIGH_SURROGATE.test(folded.charAt(MAX_WORD - 1)) ? MAX_WORD - 1 : MAX_WORD;
  return folded.slice(0, end).trim();
}

/**
 * The protocol's Tally: every option (or scale value) present, zero when nobody chose it. A text
 * poll's answers are those of `view`; its words come from approved answers only, whoever reads
 * them, so a rejected (or still pending) answer never shows on a screen, even as a word.
 */
export function buildTally(def: PollDefinition, raw: RawTally, view: AnswersView = 'all'): Tally {
  const counts: Record<string, number> = {};
  if (def.kind === 'single' || def.kind === 'multi' || def.kind === 'ranking') {
    for (const o of def.options) counts[o.id] = raw.counts[o.id] ?? 0;
  } else if (def.kind === 'rating' && def.scale) {
    for (let v = def.scale.min; v <= def.scale.max; v++) counts[String(v)] = raw.counts[String(v)] ?? 0;
  }
  const byCountry: Record<string, number> = {};
  for (const [country, n] of Object.entries(raw.byCountry)) if (n > 0) byCountry[country] = n;
  const tally: Tally = { pollId: def.id, version: raw.version, total: raw.total, counts, byCountry };
  if (def.kind === 'wordcloud' || def.kind === 'text') tally.words = raw.words.filter(([, n]) => n > 0);
  if (def.kind === 'ranking') tally.ranking = rankingRows(def, raw.counts);
  if (def.kind === 'text') tally.answers = (view === 'all' ? raw.answers : raw.approved) ?? [];
  if (def.kind === 'rating' && raw.total > 0) tally.mean = Math.round((raw.sum / raw.total) * 100) / 100;
  return tally;
}

/** Every option, by points (high to low), then option order (the sort is stable). */
function rankingRows(def: PollDefinition, counts: Record<string, number>): RankingRow[] {
  return def.options
    .map((o) => ({ optionId: o.id, points: counts[pointsKey(o.id)] ?? 0, firsts: counts[firstsKey(o.id)] ?? 0 }))
    .sort((a, b) => b.points - a.points);
}
