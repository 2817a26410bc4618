import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

// Built once: the matcher compiles its patterns at construction.
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** True when the text trips the profanity filter (English word list, with l33t and spacing tricks). */
export function isProfane(text: string): boolean {
  return matcher.hasMatch(text);
}
