import type { RawTally } from './poll.store.js';
import type { PollDefinition, Tally } from './poll.types.js';

const MAX_WORD = 40;

/**
 * Word-cloud folding: one answer is one entry, compared without case, punctuation, symbols or
 * extra spaces ("Safety!", " safety " and "SAFETY" are one). NFKC first so full-width forms fold too.
 */
export function foldWord(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, MAX_WORD)
    .trim();
}

/** The protocol's Tally: every option (or scale value) present, zero when nobody chose it. */
export function buildTally(def: PollDefinition, raw: RawTally): Tally {
  const counts: Record<string, number> = {};
  if (def.kind === 'single' || def.kind === 'multi') {
    for (const o of def.options) counts[o.id] = raw.counts[o.id] ?? 0;
  } else if (def.kind === 'rating' && def.scale) {
    for (let v = def.scale.min; v <= def.scale.max; v++) counts[String(v)] = raw.counts[String(v)] ?? 0;
  }
  const byCountry: Record<string, number> = {};
  for (const [country, n] of Object.entries(raw.byCountry)) if (n > 0) byCountry[country] = n;
  const tally: Tally = { pollId: def.id, version: raw.version, total: raw.total, counts, byCountry };
  if (def.kind === 'wordcloud') tally.words = raw.words.filter(([, n]) => n > 0);
  if (def.kind === 'rating' && raw.total > 0) tally.mean = Math.round((raw.sum / raw.total) * 100) / 100;
  return tally;
}
