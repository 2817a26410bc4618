// The boards of the report: each quiz's top people and countries, the forum (by status, the top
// questions), the crash challenge's board and the predictors' board.
import type { EventReport } from '../../../src/protocol/report.js';
import type { QuestionStatus } from '../../../src/qa/question.types.js';
import { h } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import { countryName, testName } from '../core/names.js';
import { t, type Key } from './words.js';
import { meta } from './overview.js';
import { chart, count, dataTable, empty, figure, figures, section, type Built } from './parts.js';

/** In the forum's order of work (a value here: nothing of the server is bundled). */
const QUESTION_STATUSES: readonly QuestionStatus[] = ['pending', 'approved', 'answered', 'rejected'];
const TOP_PEOPLE = 10;
const TOP_COUNTRIES = 10;
const TOP_PREDICTORS = 20;

function person(name: string | null): string {
  return name ?? t('anonymous');
}

function country(code: string | null): string {
  return code ? countryName(code) : '';
}

export function quizzes(report: EventReport): Built {
  const shown = report.quizzes.filter((q) => q.quiz.status !== 'draft' || q.players > 0);
  const cards = shown.map(({ quiz, players, leaderboard, countries }) => {
    const title = pickText(quiz.title);
    const people = leaderboard.slice(0, TOP_PEOPLE);
    const lands = countries.slice(0, TOP_COUNTRIES);
    return h(
      'article',
      { class: 'quiz-report', data: { quiz: quiz.id } },
      h('h3', {}, title),
      figures(
        figure('players', t('quiz.players'), count(players)),
        figure('questions', t('quiz.questions'), count(quiz.questionCount ?? quiz.questions.length)),
      ),
      h(
        'div',
        { class: 'two' },
        people.length === 0
          ? empty(t('quiz.noPlayers'))
          : dataTable(
              `quiz-people-${quiz.id}`,
              `${t('quiz.people')} · ${title}`,
              [t('col.rank'), t('col.name'), t('col.country'), t('col.points')],
              people.map((s) => [formatNumber(s.rank), person(s.name), country(s.country), formatNumber(s.points)]),
              [0, 3],
            ),
        lands.length === 0
          ? empty(t('quiz.noCountries'))
          : dataTable(
              `quiz-countries-${quiz.id}`,
              `${t('quiz.countries')} · ${title}`,
              [t('col.rank'), t('col.country'), t('col.people'), t('col.points')],
              lands.map((c) => [
                formatNumber(c.rank),
                country(c.country),
                formatNumber(c.people),
                formatNumber(c.points),
              ]),
              [0, 2, 3],
            ),
      ),
    );
  });
  const el = section('quiz', 'quiz.title', cards.length === 0 ? empty(t('quiz.empty')) : null, ...cards);
  return { el, draws: [] };
}

export function forum(report: EventReport): Built {
  const draws: (() => void)[] = [];
  const { total, byStatus, koc, upvotes, top } = report.forum;
  const head = figures(
    figure('questions', t('forum.total'), count(total)),
    figure('koc', t('forum.koc'), count(koc)),
    figure('upvotes', t('forum.upvotes'), count(upvotes)),
  );
  if (total === 0) return { el: section('forum', 'forum.title', head, empty(t('forum.empty'))), draws };
  const statuses = chart(
    {
      id: 'forum-status',
      title: t('forum.byStatus'),
      kind: 'bar',
      labels: QUESTION_STATUSES.map((s) => t(`qstatus.${s}`)),
      labelHead: t('col.status'),
      series: [{ label: t('forum.total'), values: QUESTION_STATUSES.map((s) => byStatus[s] ?? 0) }],
    },
    draws,
  );
  const author = (q: (typeof top)[number]): string =>
    [person(q.author.name), country(q.author.country), q.author.koc ? t('koc') : ''].filter(Boolean).join(' · ');
  const table = dataTable(
    'forum-top',
    t('forum.top'),
    [t('col.rank'), t('col.question'), t('col.author'), t('col.status'), t('col.upvotes')],
    top
      .slice(0, 10)
      .map((q, i) => [
        formatNumber(i + 1),
        h('span', { attrs: q.lang ? { lang: q.lang, dir: 'auto' } : { dir: 'auto' } }, q.text),
        author(q),
        t(`qstatus.${q.status}` as Key),
        formatNumber(q.upvotes),
      ]),
    [0, 4],
  );
  return { el: section('forum', 'forum.title', head, statuses, table), draws };
}

export function crash(report: EventReport): Built {
  const { board, predictors } = report;
  const boardPart =
    board.rows.length === 0
      ? empty(t('crash.empty'))
      : dataTable(
          'crash-board',
          t('crash.board'),
          [
            t('col.rank'),
            t('col.vehicle'),
            t('col.brand'),
            ...board.tests.map(testName),
            t('col.stars'),
            t('col.total'),
          ],
          board.rows.map((r) => [
            formatNumber(r.rank),
            r.name,
            r.brand,
            ...board.tests.map((test) => (r.scores[test] !== undefined ? formatNumber(r.scores[test]) : '–')),
            formatNumber(r.stars),
            formatNumber(r.total),
          ]),
          [0, ...board.tests.map((_, i) => i + 3), board.tests.length + 3, board.tests.length + 4],
        );
  const ranked = predictors.slice(0, TOP_PREDICTORS);
  const predictorsPart =
    ranked.length === 0
      ? empty(t('crash.noPredictors'))
      : dataTable(
          'crash-predictors',
          t('crash.predictors'),
          [t('col.rank'), t('col.name'), t('col.country'), t('col.points')],
          ranked.map((p) => [formatNumber(p.rank), person(p.name), country(p.country), formatNumber(p.points)]),
          [0, 3],
        );
  const el = section('crash', 'crash.title', board.frozen ? meta(t('crash.frozen')) : null, boardPart, predictorsPart);
  return { el, draws: [] };
}
