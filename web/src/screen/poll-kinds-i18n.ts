// The big screen's words for ranking and open-text polls, in the five interface languages.
import { translate, type Dict } from '../core/i18n.js';

type Key = 'points' | 'firsts' | 'noRanking' | 'noAnswers' | 'answers' | 'words';

const DICT: Dict<Key> = {
  en: {
    points: 'pts',
    firsts: '{n}× first',
    noRanking: 'Send your ranking',
    noAnswers: 'Send your answer',
    answers: 'Answers',
    words: 'In their words',
  },
  zh: {
    points: '分',
    firsts: '{n} 次第一',
    noRanking: '提交您的排序',
    noAnswers: '提交您的回答',
    answers: '回答',
    words: '回答中的词语',
  },
  es: {
    points: 'pts',
    firsts: '{n}× primero',
    noRanking: 'Envía tu clasificación',
    noAnswers: 'Envía tu respuesta',
    answers: 'Respuestas',
    words: 'En sus palabras',
  },
  pt: {
    points: 'pts',
    firsts: '{n}× primeiro',
    noRanking: 'Envie sua classificação',
    noAnswers: 'Envie sua resposta',
    answers: 'Respostas',
    words: 'Nas palavras deles',
  },
  ar: {
    points: 'نقطة',
    firsts: 'الأول {n} مرة',
    noRanking: 'أرسل ترتيبك',
    noAnswers: 'أرسل إجابتك',
    answers: 'الإجابات',
    words: 'بكلماتهم',
  },
};

/** A word of the ranking and text polls on the big screen, `{name}` placeholders filled. */
export function tk(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(DICT, key, vars);
}
