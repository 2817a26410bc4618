// The console's words for ranking and open-text polls (composer, tally, moderation of answers),
// in the five interface languages; labels built once follow the language like ui.ts's `tr`.
import { onLocale, translate, type Dict } from '../core/i18n.js';
import type { Poll } from '../core/types.js';
import { t, type Key as MainKey } from './i18n.js';

const en = {
  'kind.ranking': 'Ranking',
  'kind.text': 'Open text',
  'composer.maxRank': 'Places that count',
  'composer.maxRankAll': 'All',
  'composer.badMaxRank': 'Places that count: a whole number from 1 to {n}.',
  'composer.moderated': 'Check every answer before it is shown',
  'polls.maxRank': 'The top {n} places count',
  'polls.moderated': 'Answers checked before they show',
  'polls.unmoderated': 'Answers show at once (the profanity filter still holds some back)',
  'tally.points': '{n} pts',
  'tally.firsts': '{n}× first',
  'tally.ranked': 'ranked by {n}',
  'tally.noRanking': 'No rankings yet.',
  'tally.answers': '{n} answered',
  'mod.title': 'Answers to check',
  'mod.counts': '{pending} waiting · {approved} approved · {rejected} rejected',
  'mod.newest': 'The newest {n} answers',
  'mod.none': 'No answers yet.',
  'mod.pending': 'Waiting',
  'mod.approved': 'Approved',
  'mod.rejected': 'Rejected',
  'mod.approve': 'Approve',
  'mod.reject': 'Reject',
  'mod.approveAria': 'Approve: {text}',
  'mod.rejectAria': 'Reject: {text}',
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'kind.ranking': '排序',
  'kind.text': '开放式回答',
  'composer.maxRank': '计分名次数',
  'composer.maxRankAll': '全部',
  'composer.badMaxRank': '计分名次数：1 到 {n} 之间的整数。',
  'composer.moderated': '每条回答经审核后才显示',
  'polls.maxRank': '前 {n} 名计分',
  'polls.moderated': '回答经审核后显示',
  'polls.unmoderated': '回答立即显示（不当用语过滤仍会拦下部分回答）',
  'tally.points': '{n} 分',
  'tally.firsts': '{n} 次第一',
  'tally.ranked': '{n} 人排入',
  'tally.noRanking': '暂无排序。',
  'tally.answers': '{n} 人已回答',
  'mod.title': '待审核的回答',
  'mod.counts': '{pending} 条待审 · {approved} 条已通过 · {rejected} 条已拒绝',
  'mod.newest': '最新的 {n} 条回答',
  'mod.none': '暂无回答。',
  'mod.pending': '待审核',
  'mod.approved': '已通过',
  'mod.rejected': '已拒绝',
  'mod.approve': '通过',
  'mod.reject': '拒绝',
  'mod.approveAria': '通过：{text}',
  'mod.rejectAria': '拒绝：{text}',
};

const es: Record<Key, string> = {
  'kind.ranking': 'Clasificación',
  'kind.text': 'Texto libre',
  'composer.maxRank': 'Puestos que cuentan',
  'composer.maxRankAll': 'Todos',
  'composer.badMaxRank': 'Puestos que cuentan: un número entero de 1 a {n}.',
  'composer.moderated': 'Revisar cada respuesta antes de mostrarla',
  'polls.maxRank': 'Cuentan los {n} primeros puestos',
  'polls.moderated': 'Respuestas revisadas antes de mostrarse',
  'polls.unmoderated': 'Las respuestas se muestran al instante (el filtro de lenguaje ofensivo aún retiene algunas)',
  'tally.points': '{n} pts',
  'tally.firsts': '{n}× primero',
  'tally.ranked': 'clasificado por {n}',
  'tally.noRanking': 'Aún no hay clasificaciones.',
  'tally.answers': '{n} respuestas',
  'mod.title': 'Respuestas por revisar',
  'mod.counts': '{pending} en espera · {approved} aprobadas · {rejected} rechazadas',
  'mod.newest': 'Las {n} respuestas más recientes',
  'mod.none': 'Aún no hay respuestas.',
  'mod.pending': 'En espera',
  'mod.approved': 'Aprobada',
  'mod.rejected': 'Rechazada',
  'mod.approve': 'Aprobar',
  'mod.reject': 'Rechazar',
  'mod.approveAria': 'Aprobar: {text}',
  'mod.rejectAria': 'Rechazar: {text}',
};

const pt: Record<Key, string> = {
  'kind.ranking': 'Classificação',
  'kind.text': 'Texto livre',
  'composer.maxRank': 'Lugares que contam',
  'composer.maxRankAll': 'Todos',
  'composer.badMaxRank': 'Lugares que contam: um número inteiro de 1 a {n}.',
  'composer.moderated': 'Verificar cada resposta antes de exibi-la',
  'polls.maxRank': 'Contam os {n} primeiros lugares',
  'polls.moderated': 'Respostas verificadas antes de aparecer',
  'polls.unmoderated': 'As respostas aparecem na hora (o filtro de palavrões ainda retém algumas)',
  'tally.points': '{n} pts',
  'tally.firsts': '{n}× primeiro',
  'tally.ranked': 'classificado por {n}',
  'tally.noRanking': 'Nenhuma classificação ainda.',
  'tally.answers': '{n} responderam',
  'mod.title': 'Respostas a verificar',
  'mod.counts': '{pending} aguardando · {approved} aprovadas · {rejected} rejeitadas',
  'mod.newest': 'As {n} respostas mais recentes',
  'mod.none': 'Nenhuma resposta ainda.',
  'mod.pending': 'Aguardando',
  'mod.approved': 'Aprovada',
  'mod.rejected': 'Rejeitada',
  'mod.approve': 'Aprovar',
  'mod.reject': 'Rejeitar',
  'mod.approveAria': 'Aprovar: {text}',
  'mod.rejectAria': 'Rejeitar: {text}',
};

const ar: Record<Key, string> = {
  'kind.ranking': 'ترتيب',
  'kind.text': 'نص حر',
  'composer.maxRank': 'المراتب المحتسبة',
  'composer.maxRankAll': 'الكل',
  'composer.badMaxRank': 'المراتب المحتسبة: عدد صحيح من 1 إلى {n}.',
  'composer.moderated': 'مراجعة كل إجابة قبل عرضها',
  'polls.maxRank': 'تُحتسب المراتب الـ {n} الأولى',
  'polls.moderated': 'تُراجَع الإجابات قبل عرضها',
  'polls.unmoderated': 'تُعرض الإجابات فورًا (ويحجب مرشّح الألفاظ المسيئة بعضها)',
  'tally.points': '{n} نقطة',
  'tally.firsts': 'الأول {n} مرة',
  'tally.ranked': 'رتّبه {n}',
  'tally.noRanking': 'لا ترتيبات بعد.',
  'tally.answers': 'أجاب {n}',
  'mod.title': 'إجابات للمراجعة',
  'mod.counts': 'بانتظار المراجعة: {pending} · مقبولة: {approved} · مرفوضة: {rejected}',
  'mod.newest': 'أحدث {n} إجابة',
  'mod.none': 'لا إجابات بعد.',
  'mod.pending': 'بانتظار المراجعة',
  'mod.approved': 'مقبولة',
  'mod.rejected': 'مرفوضة',
  'mod.approve': 'قبول',
  'mod.reject': 'رفض',
  'mod.approveAria': 'قبول: {text}',
  'mod.rejectAria': 'رفض: {text}',
};

const DICT: Dict<Key> = { en, zh, es, pt, ar };

/** A word of the ranking and text polls in the console's language, `{name}` placeholders filled. */
export function tp(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(DICT, key, vars);
}

const labels: { node: Text; key: Key }[] = [];
const attrs: { el: Element; attr: string; key: Key }[] = [];
onLocale(() => {
  for (const l of labels) l.node.textContent = tp(l.key);
  for (const a of attrs) a.el.setAttribute(a.attr, tp(a.key));
});

/** A text node that follows the language (for parts built once, such as the composer). */
export function trp(key: Key): Text {
  const node = document.createTextNode(tp(key));
  labels.push({ node, key });
  return node;
}

/** An attribute (placeholder, aria-label) that follows the language. */
export function trpAttr<E extends Element>(el: E, attr: string, key: Key): E {
  el.setAttribute(attr, tp(key));
  attrs.push({ el, attr, key });
  return el;
}

const NEW_KINDS: readonly string[] = ['ranking', 'text'];

/** The name of a poll kind, old or new. */
export function kindLabel(kind: Poll['kind']): string {
  return NEW_KINDS.includes(kind) ? tp(`kind.${kind}` as Key) : t(`kind.${kind}` as MainKey);
}

/** The name of a poll kind as a text node that follows the language. */
export function kindNode(kind: Poll['kind']): Text {
  const node = document.createTextNode(kindLabel(kind));
  onLocale(() => (node.textContent = kindLabel(kind)));
  return node;
}
