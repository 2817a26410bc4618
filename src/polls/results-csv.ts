import { csvCell } from '../common/csv.js';
import type { Poll, Tally } from './poll.types.js';

type Row = (string | number)[];

function share(count: number, total: number): string {
  return total === 0 ? '0.0' : ((count / total) * 100).toFixed(1);
}

/**
 * The poll's results as CSV: `section,key,label,count,percent`, percent of voters. Ranking polls add
 * `points,firsts` (count is then the voters who ranked the option); text polls add
 * `status,country,at` for their `answer` rows (label: the answer, at: ISO 8601).
 */
export function resultsCsv(poll: Poll & { tally: Tally }): string {
  const { tally } = poll;
  const extra =
    poll.kind === 'ranking' ? ['points', 'firsts'] : poll.kind === 'text' ? ['status', 'country', 'at'] : [];
  const rows: Row[] = [['section', 'key', 'label', 'count', 'percent', ...extra]];
  rows.push(['poll', poll.id, poll.question.en ?? '', tally.total, '']);
  if (tally.mean !== undefined) rows.push(['mean', poll.kind, '', tally.mean, '']);
  const labels = new Map(poll.options.map((o) => [o.id, o.label.en ?? o.id]));
  if (tally.ranking) {
    // By points, as the tally ranks them.
    for (const { optionId, points, firsts } of tally.ranking) {
      const voters = tally.counts[optionId] ?? 0;
      rows.push([
        'option',
        optionId,
        labels.get(optionId) ?? optionId,
        voters,
        share(voters, tally.total),
        points,
        firsts,
      ]);
    }
  } else {
    for (const [key, count] of Object.entries(tally.counts)) {
      // Rating values are numbers (maybe negative), never mistaken for formulas.
      const id = poll.kind === 'rating' ? Number(key) : key;
      rows.push([
        poll.kind === 'rating' ? 'value' : 'option',
        id,
        labels.get(key) ?? id,
        count,
        share(count, tally.total),
      ]);
    }
  }
  for (const answer of tally.answers ?? []) {
    const at = new Date(answer.at).toISOString();
    rows.push(['answer', answer.id, answer.text, '', '', answer.status, answer.country ?? '', at]);
  }
  for (const [word, count] of tally.words ?? []) rows.push(['word', word, word, count, share(count, tally.total)]);
  const countries = Object.entries(tally.byCountry).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [country, count] of countries) rows.push(['country', country, country, count, share(count, tally.total)]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
