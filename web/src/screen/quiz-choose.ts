// When the screen, following the action (scene auto), shows the quiz: while it runs, always; once
// ended, its podium stays (as a closed poll's results do) until a poll opens or closes after it.
import { lastMove, quizOnStage, type Quiz } from '../core/quiz-live.js';
import type { EventState, Poll } from '../core/types.js';

function pollMoved(poll: Poll): number {
  return (poll.status === 'open' ? poll.openedAt : poll.closedAt) ?? poll.openedAt ?? poll.createdAt;
}

export function quizForScreen(state: EventState, poll: Poll | undefined): Quiz | undefined {
  const quiz = quizOnStage(state.quizzes ?? []);
  if (!quiz) return undefined;
  if (quiz.status === 'running') return quiz;
  return !poll || lastMove(quiz) > pollMoved(poll) ? quiz : undefined;
}
