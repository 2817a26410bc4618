// The words of open-text answers, for the word clouds of the three pages. A text poll's tally
// counts each approved answer whole, folded as a word cloud's word is ("more test drives of the
// hydrogen cars"); a cloud of whole sentences neither fits nor says much, so the pages count the
// words in them: each answer's words once, little words of the five languages left out.

const STOP = new Set(
  [
    // English
    'a an and are as at be but by do for from has have i if in is it its me my no not of on or our so that the their them they this to too us was we were what when which who will with you your',
    // Spanish
    'al con de del el en es la las lo los mas más me mi mis muy no o para pero por que qué se sin su sus te tu un una uno y ya',
    // Portuguese
    'ao aos as com da das de do dos e em é eu mais mas me meu minha na nas no nos o os ou para pela pelo por que se sem seu sua um uma',
    // Arabic
    'في من على إلى عن مع أن ما لا هذا هذه ذلك التي الذي كان هو هي و أو ثم قد كل',
  ]
    .join(' ')
    .split(' '),
);

/** Chinese, Japanese and Korean characters: meaningful one by one, written without spaces. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;

function keep(word: string): boolean {
  if (STOP.has(word)) return false;
  return CJK.test(word) || [...word].length >= 2;
}

/** The tally's answers (whole, folded) as words with counts, most frequent first, the top `top`. */
export function answerWords(phrases: readonly [string, number][], top = 50): [string, number][] {
  const counts = new Map<string, number>();
  for (const [phrase, n] of phrases) {
    for (const word of new Set(phrase.split(/\s+/u))) {
      if (word && keep(word)) counts.set(word, (counts.get(word) ?? 0) + n);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
}
