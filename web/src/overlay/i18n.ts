// The overlay's own few words (the scenes it borrows from the big screen bring theirs), in the
// five interface languages. Arabic says its counts as "label: n", which needs no plural forms.
import { translate, type Dict } from '../core/i18n.js';

type Key =
  | 'title'
  | 'poll'
  | 'voteNow'
  | 'finalResults'
  | 'resultsSoon'
  | 'votes_one'
  | 'votes_other'
  | 'countries_one'
  | 'countries_other'
  | 'words'
  | 'noWords'
  | 'top';

const DICT: Dict<Key> = {
  en: {
    title: 'Live overlay',
    poll: 'Live poll',
    voteNow: 'Vote now',
    finalResults: 'Final results',
    resultsSoon: 'Results coming up',
    votes_one: '{n} vote',
    votes_other: '{n} votes',
    countries_one: '{n} country',
    countries_other: '{n} countries',
    words: 'Top words',
    noWords: 'The first words are on their way',
    top: 'Top {n}',
  },
  zh: {
    title: '直播叠加层',
    poll: '实时投票',
    voteNow: '立即投票',
    finalResults: '最终结果',
    resultsSoon: '结果即将揭晓',
    votes_one: '{n} 票',
    votes_other: '{n} 票',
    countries_one: '{n} 个国家和地区',
    countries_other: '{n} 个国家和地区',
    words: '热门词语',
    noWords: '第一批词语即将出现',
    top: '前 {n} 名',
  },
  es: {
    title: 'Rótulos en directo',
    poll: 'Encuesta en directo',
    voteNow: 'Vota ahora',
    finalResults: 'Resultados finales',
    resultsSoon: 'Resultados en breve',
    votes_one: '{n} voto',
    votes_other: '{n} votos',
    countries_one: '{n} país',
    countries_other: '{n} países',
    words: 'Palabras más repetidas',
    noWords: 'Las primeras palabras están en camino',
    top: 'Los {n} primeros',
  },
  pt: {
    title: 'Sobreposição ao vivo',
    poll: 'Enquete ao vivo',
    voteNow: 'Vote agora',
    finalResults: 'Resultados finais',
    resultsSoon: 'Resultados em breve',
    votes_one: '{n} voto',
    votes_other: '{n} votos',
    countries_one: '{n} país',
    countries_other: '{n} países',
    words: 'Palavras mais citadas',
    noWords: 'As primeiras palavras estão a caminho',
    top: 'Os {n} primeiros',
  },
  ar: {
    title: 'طبقة البث المباشر',
    poll: 'تصويت مباشر',
    voteNow: 'صوّت الآن',
    finalResults: 'النتائج النهائية',
    resultsSoon: 'النتائج قريبًا',
    votes_one: 'الأصوات: {n}',
    votes_other: 'الأصوات: {n}',
    countries_one: 'الدول: {n}',
    countries_other: 'الدول: {n}',
    words: 'الكلمات الأكثر تكرارًا',
    noWords: 'الكلمات الأولى في الطريق',
    top: 'أفضل {n}',
  },
};

export function ot(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(DICT, key, vars);
}
