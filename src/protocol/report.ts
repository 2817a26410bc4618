// The event's report (PROTOCOL section 11, `GET /api/events/{id}/report` and the export's
// report.json), composed from the core's part and each feature's, as events.ts composes the socket
// protocol. Types only: the report page and the tests compile against it.
import type { CrashReport } from '../crash/crash.protocol.js';
import type { CoreReport } from '../events/report.types.js';
import type { PollsReport } from '../polls/polls.protocol.js';
import type { ForumReport } from '../qa/qa.protocol.js';
import type { QuizReport } from '../quiz/quiz.protocol.js';
import type { StageReport } from '../stage/stage.protocol.js';

export interface EventReport extends CoreReport, PollsReport, ForumReport, CrashReport, QuizReport, StageReport {}

export type { CoreReport, MinuteFigures } from '../events/report.types.js';
export type { CrashReport } from '../crash/crash.protocol.js';
export type { PollsReport } from '../polls/polls.protocol.js';
export type { ForumReport } from '../qa/qa.protocol.js';
export type { QuizReport, QuizReportItem } from '../quiz/quiz.protocol.js';
export type { StageReport } from '../stage/stage.protocol.js';
