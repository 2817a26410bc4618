// The big screen's words, in the five interface languages. Few words, read from far away.
import { locale, translate, type Dict } from '../core/i18n.js';

type Key =
  | 'livePoll'
  | 'voteNow'
  | 'finalResults'
  | 'prediction'
  | 'resultsLater'
  | 'thanks'
  | 'firstVote'
  | 'people_one'
  | 'people_other'
  | 'countries_one'
  | 'countries_other'
  | 'voted_one'
  | 'voted_other'
  | 'votedFrom_one'
  | 'votedFrom_other'
  | 'average'
  | 'outOf'
  | 'noWords'
  | 'featured'
  | 'topQuestion'
  | 'anonymous'
  | 'koc'
  | 'kocTitle'
  | 'upvotes'
  | 'upNext'
  | 'askTitle'
  | 'askBody'
  | 'board'
  | 'frozen'
  | 'vehicle'
  | 'total'
  | 'fiveStars'
  | 'boardEmpty'
  | 'predictors'
  | 'predictorsSub'
  | 'points'
  | 'predictorsEmpty'
  | 'joinTitle'
  | 'joinBody'
  | 'scanToJoin'
  | 'noToken'
  | 'language'
  | 'reactions';

export const DICT: Dict<Key> = {
  en: {
    livePoll: 'Live poll',
    voteNow: 'Vote now',
    finalResults: 'Final results',
    prediction: 'Prediction game',
    resultsLater: 'Results coming up',
    thanks: 'Thank you for voting',
    firstVote: 'Be the first to vote',
    people_one: '{n} person',
    people_other: '{n} people',
    countries_one: '{n} country',
    countries_other: '{n} countries',
    voted_one: '{people} voted',
    voted_other: '{people} voted',
    votedFrom_one: '{people} from {countries} voted',
    votedFrom_other: '{people} from {countries} voted',
    average: 'Average',
    outOf: 'out of {max}',
    noWords: 'Send your word',
    featured: 'Featured question',
    topQuestion: 'Top question',
    anonymous: 'Anonymous',
    koc: 'KOC',
    kocTitle: 'Key opinion consumer',
    upvotes: 'Upvotes',
    upNext: 'Up next',
    askTitle: 'Ask the panel',
    askBody: 'Scan the code to ask and upvote questions',
    board: 'Safety crash challenge',
    frozen: 'Standings frozen',
    vehicle: 'Vehicle',
    total: 'Total',
    fiveStars: '5★',
    boardEmpty: 'First results coming soon',
    predictors: 'Top predictors',
    predictorsSub: 'Guess the stars, earn points',
    points: 'Points',
    predictorsEmpty: 'Make your prediction to get on the board',
    joinTitle: 'Join in',
    joinBody: 'Scan to vote, ask questions and react',
    scanToJoin: 'Scan to join',
    noToken: 'This screen needs its link with the screen token: /screen#token=…',
    language: 'Language',
    reactions: 'Reactions',
  },
  zh: {
    livePoll: '实时投票',
    voteNow: '立即投票',
    finalResults: '最终结果',
    prediction: '预测游戏',
    resultsLater: '结果即将揭晓',
    thanks: '感谢您的投票',
    firstVote: '快来投出第一票',
    people_one: '{n} 人',
    people_other: '{n} 人',
    countries_one: '{n} 个国家和地区',
    countries_other: '{n} 个国家和地区',
    voted_one: '{people}已投票',
    voted_other: '{people}已投票',
    votedFrom_one: '来自 {countries}的 {people}已投票',
    votedFrom_other: '来自 {countries}的 {people}已投票',
    average: '平均分',
    outOf: '满分 {max}',
    noWords: '发送您的关键词',
    featured: '精选问题',
    topQuestion: '热门问题',
    anonymous: '匿名',
    koc: 'KOC',
    kocTitle: '关键意见消费者',
    upvotes: '点赞',
    upNext: '接下来',
    askTitle: '向嘉宾提问',
    askBody: '扫码提问并为问题点赞',
    board: '安全碰撞挑战赛',
    frozen: '排名已冻结',
    vehicle: '车型',
    total: '总分',
    fiveStars: '5★',
    boardEmpty: '首批成绩即将公布',
    predictors: '预测达人榜',
    predictorsSub: '猜星级，赢积分',
    points: '积分',
    predictorsEmpty: '参与预测，登上排行榜',
    joinTitle: '立即参与',
    joinBody: '扫码投票、提问和互动',
    scanToJoin: '扫码参与',
    noToken: '请使用带有屏幕令牌的链接打开：/screen#token=…',
    language: '语言',
    reactions: '现场互动',
  },
  es: {
    livePoll: 'Encuesta en directo',
    voteNow: 'Vota ya',
    finalResults: 'Resultados finales',
    prediction: 'Juego de predicción',
    resultsLater: 'Resultados en breve',
    thanks: 'Gracias por votar',
    firstVote: 'Sé el primero en votar',
    people_one: '{n} persona',
    people_other: '{n} personas',
    countries_one: '{n} país',
    countries_other: '{n} países',
    voted_one: '{people} ha votado',
    voted_other: '{people} han votado',
    votedFrom_one: '{people} de {countries} ha votado',
    votedFrom_other: '{people} de {countries} han votado',
    average: 'Media',
    outOf: 'de {max}',
    noWords: 'Envía tu palabra',
    featured: 'Pregunta destacada',
    topQuestion: 'Pregunta más votada',
    anonymous: 'Anónimo',
    koc: 'KOC',
    kocTitle: 'Consumidor de opinión clave',
    upvotes: 'Votos',
    upNext: 'A continuación',
    askTitle: 'Pregunta al panel',
    askBody: 'Escanea el código para preguntar y votar preguntas',
    board: 'Desafío de seguridad en choques',
    frozen: 'Clasificación congelada',
    vehicle: 'Vehículo',
    total: 'Total',
    fiveStars: '5★',
    boardEmpty: 'Primeros resultados muy pronto',
    predictors: 'Mejores pronosticadores',
    predictorsSub: 'Adivina las estrellas y gana puntos',
    points: 'Puntos',
    predictorsEmpty: 'Haz tu predicción para entrar en la tabla',
    joinTitle: 'Participa',
    joinBody: 'Escanea para votar, preguntar y reaccionar',
    scanToJoin: 'Escanea para participar',
    noToken: 'Esta pantalla necesita su enlace con el token de pantalla: /screen#token=…',
    language: 'Idioma',
    reactions: 'Reacciones',
  },
  pt: {
    livePoll: 'Enquete ao vivo',
    voteNow: 'Vote agora',
    finalResults: 'Resultado final',
    prediction: 'Jogo de palpites',
    resultsLater: 'Resultados em breve',
    thanks: 'Obrigado por votar',
    firstVote: 'Seja o primeiro a votar',
    people_one: '{n} pessoa',
    people_other: '{n} pessoas',
    countries_one: '{n} país',
    countries_other: '{n} países',
    voted_one: '{people} votou',
    voted_other: '{people} votaram',
    votedFrom_one: '{people} de {countries} votou',
    votedFrom_other: '{people} de {countries} votaram',
    average: 'Média',
    outOf: 'de {max}',
    noWords: 'Envie sua palavra',
    featured: 'Pergunta em destaque',
    topQuestion: 'Pergunta mais votada',
    anonymous: 'Anônimo',
    koc: 'KOC',
    kocTitle: 'Consumidor de opinião-chave',
    upvotes: 'Votos',
    upNext: 'A seguir',
    askTitle: 'Pergunte ao painel',
    askBody: 'Escaneie o código para perguntar e votar nas perguntas',
    board: 'Desafio de segurança em colisões',
    frozen: 'Classificação congelada',
    vehicle: 'Veículo',
    total: 'Total',
    fiveStars: '5★',
    boardEmpty: 'Primeiros resultados em breve',
    predictors: 'Melhores palpiteiros',
    predictorsSub: 'Acerte as estrelas e ganhe pontos',
    points: 'Pontos',
    predictorsEmpty: 'Dê seu palpite para entrar no ranking',
    joinTitle: 'Participe',
    joinBody: 'Escaneie para votar, perguntar e reagir',
    scanToJoin: 'Escaneie para participar',
    noToken: 'Esta tela precisa do link com o token de tela: /screen#token=…',
    language: 'Idioma',
    reactions: 'Reações',
  },
  ar: {
    livePoll: 'تصويت مباشر',
    voteNow: 'صوّت الآن',
    finalResults: 'النتائج النهائية',
    prediction: 'لعبة التوقعات',
    resultsLater: 'النتائج قريبًا',
    thanks: 'شكرًا على تصويتكم',
    firstVote: 'كن أول من يصوّت',
    people_one: '{n}',
    people_other: '{n}',
    countries_one: '{n}',
    countries_other: '{n}',
    voted_one: 'عدد المصوّتين: {people}',
    voted_other: 'عدد المصوّتين: {people}',
    votedFrom_one: 'عدد المصوّتين: {people} · عدد الدول: {countries}',
    votedFrom_other: 'عدد المصوّتين: {people} · عدد الدول: {countries}',
    average: 'المتوسط',
    outOf: 'من {max}',
    noWords: 'أرسل كلمتك',
    featured: 'سؤال مميز',
    topQuestion: 'السؤال الأكثر تأييدًا',
    anonymous: 'مجهول الهوية',
    koc: 'KOC',
    kocTitle: 'مستهلك مؤثر',
    upvotes: 'التأييد',
    upNext: 'التالي',
    askTitle: 'اطرح سؤالك على المنصة',
    askBody: 'امسح الرمز لطرح الأسئلة وتأييدها',
    board: 'تحدي السلامة في اختبارات التصادم',
    frozen: 'الترتيب مجمّد',
    vehicle: 'السيارة',
    total: 'المجموع',
    fiveStars: '5★',
    boardEmpty: 'أولى النتائج قريبًا',
    predictors: 'أفضل المتوقعين',
    predictorsSub: 'توقّع النجوم واربح النقاط',
    points: 'النقاط',
    predictorsEmpty: 'شارك بتوقعك لتظهر في الترتيب',
    joinTitle: 'شارك معنا',
    joinBody: 'امسح الرمز للتصويت وطرح الأسئلة والتفاعل',
    scanToJoin: 'امسح للمشاركة',
    noToken: 'تحتاج هذه الشاشة إلى رابطها مع رمز الشاشة: /screen#token=…',
    language: 'اللغة',
    reactions: 'التفاعل',
  },
};

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(DICT, key, vars);
}

/** 'one' or 'other' for a count, by the language's plural rules (the dictionary spells both). */
export function pluralOf(n: number): 'one' | 'other' {
  return new Intl.PluralRules(locale()).select(n) === 'one' ? 'one' : 'other';
}

/**
 * A phrase with placeholders filled by nodes (a styled number, a name): the words stay in the
 * dictionary's order for every language, and nothing is parsed as HTML.
 */
export function compose(key: Key, parts: Record<string, Node | string>): (Node | string)[] {
  const template = DICT[locale()][key] ?? DICT.en[key];
  return template
    .split(/(\{\w+\})/)
    .filter((piece) => piece !== '')
    .map((piece) => {
      const name = /^\{(\w+)\}$/.exec(piece)?.[1];
      return name !== undefined ? (parts[name] ?? '') : piece;
    });
}
