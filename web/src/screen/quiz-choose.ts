// When the screen, following the action (scene auto), shows the quiz: while it runs, always; once
// ended, its podium stays until a poll moves after it or a question is featured.
import { lastMove, quizOnStage, type Quiz } from '../core/quiz-live.js';
import type { EventState, Poll } from '../core/types.js';

function pollMoved(poll: Poll): number {
  return (poll.status === 'open' ? poll.openedAt : poll.closedAt) ?? poll.openedAt ?? poll.createdAt;
}

export function quizForScreen(state: EventState, poll: Poll | undefined, featured: boolean): Quiz | undefined {
  const quiz = quizOnStage(state.quizzes ?? []);
  if (!quiz) return undefined;
  if (quiz.status === 'running') return quiz;
  if (featured) return undefined;
  return !poll || lastMove(quiz) > pollMoved(poll) ? quiz : undefined;
}
