// What each scene of the overlay shows for a state, or null when it has nothing to show (the
// overlay is then empty: fully transparent, never an error on air). Same key: the view updates
// in place; another key: a new view takes its place.
import { View } from '../core/component.js';
import { quizOnStage, type QuizLive } from '../core/quiz-live.js';
import type { EventState } from '../core/types.js';
import { BoardScene } from '../screen/board.js';
import { featuredQuestion, livePoll } from '../screen/choose.js';
import { QuestionScene } from '../screen/question.js';
import { QuizScene } from '../screen/quiz.js';
import type { OverlayScene } from './params.js';
import { OverlayPoll } from './poll.js';

/** The board's rows an overlay shows: the top of the standings. */
export const BOARD_ROWS = 5;

export interface Pick {
  key: string;
  /** The layout: a side panel, or a lower third across the bottom. */
  layout: 'side' | 'lower';
  make: () => View<EventState>;
  /** The state the view is given (the board's top rows only). */
  view: (state: EventState) => EventState;
}

const same = (state: EventState): EventState => state;

/** The board's top rows, kept in a view of their own (the whole board would not fit a panel). */
function topOfBoard(state: EventState): EventState {
  return { ...state, board: { ...state.board, rows: state.board.rows.slice(0, BOARD_ROWS) } };
}

export function pick(scene: OverlayScene | null, state: EventState, quiz: () => QuizLive | null): Pick | null {
  switch (scene) {
    case 'poll': {
      const poll = livePoll(state);
      if (!poll) return null;
      return { key: `poll:${poll.id}`, layout: 'side', make: () => new OverlayPoll(poll.id), view: same };
    }
    case 'question': {
      const question = featuredQuestion(state);
      if (!question) return null;
      return { key: `question:${question.id}`, layout: 'lower', make: () => new QuestionScene(question), view: same };
    }
    case 'board': {
      if (state.board.tests.length === 0 || state.board.rows.length === 0) return null;
      return { key: 'board', layout: 'side', make: () => new BoardScene(), view: topOfBoard };
    }
    case 'quiz': {
      const running = quizOnStage(state.quizzes ?? []);
      if (!running) return null;
      return {
        key: `quiz:${running.id}`,
        layout: 'side',
        make: () => new QuizScene(running.id, quiz),
        view: same,
      };
    }
    default:
      return null;
  }
}
