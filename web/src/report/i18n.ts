// The report page's words. English is the reference: every other language must have every key
// (tsc checks it), and `{name}` placeholders are filled by `t`.
import { locale, translate, type Dict } from '../core/i18n.js';
import { ar } from './i18n-ar.js';
import { es } from './i18n-es.js';
import { pt } from './i18n-pt.js';
import { zh } from './i18n-zh.js';

export const en = {
  'app.brand': 'Summit Live',
  'app.title': 'Event report',
  'app.language': 'Language',
  'app.loading': 'Loading the report…',
  'app.print': 'Print',
  'app.download': 'Download all data (export.zip)',
  'app.downloading': 'Preparing the download…',
  'app.downloaded': 'export.zip is downloaded.',
  'app.downloadFailed': 'The export could not be downloaded ({status}).',
  'app.generated': 'Generated {date}',
  'app.contents': 'Contents',

  'error.title': 'The report needs an operator token',
  'error.noToken': 'Open this page with a link ending in #token=<operator token>, as for the operator console.',
  'error.role': 'This is a {role} token: the report needs an operator token.',
  'error.unauthorized': 'The server refused this token: it has expired, or it is not for this event.',
  'error.notFound': 'This server has no report for this event.',
  'error.failed': 'The report could not be loaded ({status}).',
  'error.network': 'The report could not be loaded: check the connection.',
  'error.retry': 'Try again',

  'summary.title': 'At a glance',
  'fig.joined': 'People joined',
  'fig.koc': 'KOC members',
  'fig.countries': 'Countries',
  'fig.peak': 'Peak connections',
  'fig.peakAt': 'at {time}',
  'fig.created': 'Created',
  'fig.ended': 'Ended',
  'fig.notEnded': 'Not ended yet',
  'fig.votes': 'Votes',
  'fig.questions': 'Questions asked',
  'fig.reactions': 'Reactions',

  'time.title': 'People over time',
  'time.people': 'People per minute',
  'time.activity': 'Activity per minute',
  'time.empty': 'No figures were recorded over time.',
  'series.audience': 'Audience connected',
  'series.operator': 'Operators connected',
  'series.screen': 'Screens connected',
  'series.active': 'Active people',
  'series.joins': 'Joins',
  'series.votes': 'Votes',
  'series.answers': 'Quiz answers',
  'series.questions': 'Questions',
  'series.upvotes': 'Upvotes',

  'chart.table': 'The data as a table',
  'chart.span': '{title}, from {from} to {to}.',
  'chart.peak': '{series}: at most {n}, at {time}',
  'chart.items': '{title}: {items}.',
  'chart.item': '{label} {n}',
  'chart.empty': '{title}: no data.',

  'countries.title': 'Joins by country',
  'countries.chart': 'People who joined, by country (top 20)',
  'countries.rest': 'The rest ({n} countries)',
  'countries.unknown': 'Not given',
  'countries.empty': 'Nobody joined.',

  'polls.title': 'Polls',
  'polls.empty': 'No poll was run.',
  'polls.drafts': 'Drafts never opened: {n}',
  'kind.single': 'Single choice',
  'kind.multi': 'Multiple choice',
  'kind.rating': 'Rating',
  'kind.wordcloud': 'Word cloud',
  'kind.ranking': 'Ranking',
  'kind.text': 'Open text',
  'status.draft': 'Draft',
  'status.open': 'Open',
  'status.closed': 'Closed',
  'poll.votes': 'Votes',
  'poll.countries': 'Countries',
  'poll.noVotes': 'No votes.',
  'poll.mean': 'Mean',
  'poll.outOf': '{mean} out of {max}',
  'poll.right': 'right',
  'poll.rightAnswer': '{label} (right answer)',
  'poll.noWords': 'No words.',
  'poll.topWords': 'Top words',

  'quiz.title': 'Quizzes',
  'quiz.empty': 'No quiz was played.',
  'quiz.players': 'Players',
  'quiz.questions': 'Questions',
  'quiz.people': 'Top people',
  'quiz.countries': 'Top countries',
  'quiz.noPlayers': 'Nobody played.',
  'quiz.noCountries': 'No country had enough players.',

  'forum.title': 'Forum',
  'forum.total': 'Questions asked',
  'forum.koc': 'Asked by KOC members',
  'forum.upvotes': 'Upvotes',
  'forum.byStatus': 'Questions by status',
  'forum.top': 'Top 10 questions',
  'forum.empty': 'No question was asked.',
  'qstatus.pending': 'Pending',
  'qstatus.approved': 'Approved',
  'qstatus.answered': 'Answered',
  'qstatus.rejected': 'Rejected',

  'crash.title': 'Safety crash challenge',
  'crash.board': 'The board',
  'crash.predictors': "The predictors' board",
  'crash.frozen': 'Standings frozen',
  'crash.empty': 'No result was recorded.',
  'crash.noPredictors': 'Nobody scored in the prediction game.',

  'col.minute': 'Minute',
  'col.country': 'Country',
  'col.people': 'People',
  'col.share': 'Share',
  'col.option': 'Option',
  'col.votes': 'Votes',
  'col.points': 'Points',
  'col.firsts': 'Ranked first',
  'col.value': 'Value',
  'col.word': 'Word',
  'col.count': 'Times',
  'col.rank': 'Rank',
  'col.name': 'Name',
  'col.question': 'Question',
  'col.upvotes': 'Upvotes',
  'col.author': 'Asked by',
  'col.status': 'Status',
  'col.vehicle': 'Vehicle',
  'col.brand': 'Brand',
  'col.total': 'Total',
  'col.stars': '5-star tests',
  anonymous: 'Anonymous',
  koc: 'KOC',
} as const;

export type Key = keyof typeof en;

const DICT: Dict<Key> = { en, zh, es, pt, ar };

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(DICT, key, vars);
}

/** The Intl tag of the interface language (Arabic keeps Western digits, as the other pages do). */
export function intlTag(): string {
  return locale() === 'ar' ? 'ar-u-nu-latn' : locale();
}

/** A date and time in the interface language. */
export function dateTime(ms: number): string {
  return new Intl.DateTimeFormat(intlTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A minute of the event (with its day when the event spans more than one). */
export function minuteLabel(ms: number, withDay: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDay
    ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(intlTag(), options).format(ms);
}

/** A share as a percentage in the interface language. */
export function share(part: number, whole: number): string {
  const value = whole > 0 ? part / whole : 0;
  return new Intl.NumberFormat(intlTag(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** A list ("a, b and c") in the interface language. */
export function listOf(items: string[]): string {
  return new Intl.ListFormat(intlTag(), { type: 'conjunction' }).format(items);
}
