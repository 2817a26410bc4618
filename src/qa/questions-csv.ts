import { csvCell } from '../common/csv.js';
import type { OperatorQuestion } from './question.types.js';

const COLUMNS = [
  'id',
  'status',
  'featured',
  'upvotes',
  'koc',
  'author',
  'country',
  'anonymous',
  'flagged',
  'created_at',
  'lang',
  'text',
  'answer',
  'merged_into',
];

/** The forum as operators see it, in forum order, for the record of the day. */
export function questionsCsv(questions: OperatorQuestion[]): string {
  const rows = questions.map((q) => [
    q.id,
    q.status,
    String(q.featured),
    q.upvotes,
    String(q.author.koc),
    q.author.name ?? '',
    q.author.country ?? '',
    String(q.anonymous),
    String(q.flagged),
    new Date(q.createdAt).toISOString(),
    q.lang ?? '',
    q.text,
    q.answer ?? '',
    q.mergedInto ?? '',
  ]);
  return [COLUMNS, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
