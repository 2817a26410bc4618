// Which scene the screen shows: the operator's choice, or (auto) the action of the moment.
import type { Quiz } from '../core/quiz-live.js';
import type { EventState, Poll, Question } from '../core/types.js';
import { quizForScreen } from './quiz-choose.js';

export type Choice =
  | { kind: 'poll'; poll: Poll }
  | { kind: 'question'; question: Question | null }
  | { kind: 'quiz'; quiz: Quiz }
  | { kind: 'board' }
  | { kind: 'predictors' }
  | { kind: 'join' }
  | { kind: 'blank' };

/** The screen may show a poll's numbers when they are live, or once revealed. */
export function resultsShown(poll: Poll): boolean {
  return poll.results === 'live' || poll.revealed;
}

function newest(polls: Poll[], at: (p: Poll) => number): Poll | undefined {
  // polls come newest first; a stable sort keeps that order among equal times.
  return [...polls].sort((a, b) => at(b) - at(a))[0];
}

/** The newest open poll, else the newest closed or revealed one whose results the screen may show. */
export function livePoll(state: EventState): Poll | undefined {
  const open = state.polls.filter((p) => p.status === 'open');
  if (open.length > 0) return newest(open, (p) => p.openedAt ?? p.createdAt);
  const done = state.polls.filter((p) => p.status === 'closed' && resultsShown(p));
  return newest(done, (p) => p.closedAt ?? p.openedAt ?? p.createdAt);
}

export function featuredQuestion(state: EventState): Question | undefined {
  return state.questions.find((q) => q.featured);
}

function boardHasResults(state: EventState): boolean {
  return state.board.tests.length > 0 && state.board.rows.length > 0;
}

export function choose(state: EventState): Choice {
  const scene = state.screen?.scene ?? null;
  switch (scene?.kind) {
    case 'poll': {
      const chosen = scene.pollId ? state.polls.find((p) => p.id === scene.pollId && p.status !== 'draft') : undefined;
      const poll = chosen ?? livePoll(state);
      return poll ? { kind: 'poll', poll } : { kind: 'join' };
    }
    case 'question': {
      const open = state.questions.filter((q) => q.status !== 'answered');
      return { kind: 'question', question: featuredQuestion(state) ?? open[0] ?? null };
    }
    case 'board':
    case 'predictors':
    case 'join':
    case 'blank':
      return { kind: scene.kind };
    default: {
      const poll = livePoll(state);
      const quiz = quizForScreen(state, poll);
      if (quiz) return { kind: 'quiz', quiz };
      if (poll) return { kind: 'poll', poll };
      const question = featuredQuestion(state);
      if (question) return { kind: 'question', question };
      if (boardHasResults(state)) return { kind: 'board' };
      return { kind: 'join' };
    }
  }
}

/** Same key: the scene on screen updates in place (bars grow, rows slide); another key: a new scene fades in. */
export function keyOf(choice: Choice): string {
  if (choice.kind === 'poll') return `poll:${choice.poll.id}`;
  if (choice.kind === 'question') return `question:${choice.question?.id ?? ''}`;
  if (choice.kind === 'quiz') return `quiz:${choice.quiz.id}`;
  return choice.kind;
}
