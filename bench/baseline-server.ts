// The bare baseline: plain socket.io (no NestJS, no validation, no store, no auth beyond reading
// the token) doing the same jobs as our server in the scenarios: a join endpoint and a snapshot on
// connect, cues broadcast to everyone, votes counted and acked, the tally sent on a tick (only
// when it moved). With REDIS_URL, broadcasts cross nodes through the same Redis adapter as ours,
// and each node's counts reach the others with serverSideEmit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { BENCH_EVENT, BENCH_OPTIONS, BENCH_POLL } from './bench-poll.js';
import type { ClientEvents, Cue, EventState, Quiz, Role, ServerEvents, Tally } from './protocol.js';

const PORT = Number(process.env.PORT ?? 0);
const NODE = process.env.NODE_ID ?? 'baseline';
const REDIS_URL = process.env.REDIS_URL;
const TICK_MS = Number(process.env.TALLY_INTERVAL_MS ?? 250);

interface Part {
  counts: Record<string, number>;
  byCountry: Record<string, number>;
  total: number;
}
/** What the nodes tell each other (serverSideEmit): a node's own counts. */
interface NodeEvents {
  part: (node: string, part: Part) => void;
}
interface Person {
  id: string;
  role: Role;
  country: string | null;
}

let seq = 0;
let joins = 0;
let version = 0;
/** The tally moved (here or on another node); this node's own counts moved. */
let moved = false;
let mineMoved = false;
let cue: Cue | null = null;
const openedAt = Date.now();
const votes = new Map<string, string>();

/** The bench's quiz (bench/quiz.ts): its questions, the running one's answers, everyone's score. */
type BaselineQuiz = Omit<Quiz, 'status' | 'current' | 'createdAt'>;
interface Answer {
  optionId: string;
  elapsedMs: number;
  country: string | null;
}
let quiz: BaselineQuiz | null = null;
let running: { index: number; startsAt: number; answers: Map<string, Answer> } | null = null;
const scores = new Map<string, { points: number; streak: number; elapsed: number }>();
const quizView = (): Quiz => ({ ...(quiz as BaselineQuiz), status: 'running', current: null, createdAt: openedAt });
const mine: Part = { counts: Object.fromEntries(BENCH_OPTIONS.map((o) => [o, 0])), byCountry: {}, total: 0 };
const parts = new Map<string, Part>([[NODE, mine]]);

function tally(): Tally {
  const sum: Part = { counts: Object.fromEntries(BENCH_OPTIONS.map((o) => [o, 0])), byCountry: {}, total: 0 };
  for (const part of parts.values()) {
    sum.total += part.total;
    for (const [k, n] of Object.entries(part.counts)) sum.counts[k] = (sum.counts[k] ?? 0) + n;
    for (const [k, n] of Object.entries(part.byCountry)) sum.byCountry[k] = (sum.byCountry[k] ?? 0) + n;
  }
  return { pollId: BENCH_POLL.id, version, ...sum };
}

function snapshot({ id, role, country }: Person): EventState {
  const vote = votes.get(id);
  return {
    eventId: BENCH_EVENT,
    name: `Event ${BENCH_EVENT}`,
    seq,
    serverTime: Date.now(),
    role,
    me: role === 'audience' ? { id, name: null, country, koc: false } : null,
    stage: { cue },
    screen: { scene: null },
    polls: [{ ...BENCH_POLL, status: 'open', revealed: false, createdAt: openedAt, openedAt, tally: tally() }],
    questions: [],
    forum: { moderation: true },
    board: { version: 0, frozen: false, tests: [], rows: [] },
    predictors: [],
    myVotes: vote === undefined ? {} : { [BENCH_POLL.id]: { optionIds: [vote] } },
    myUpvotes: [],
    myQuestions: [],
    quizzes: [],
    myQuiz: {},
    quizBoards: {},
  };
}

function join(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let country = 'XX';
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { country?: unknown };
      if (typeof body.country === 'string') country = body.country;
    } catch {
      // no body: no country
    }
    const audienceId = `a-${NODE}-${joins++}`;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: `${audienceId}.${country}`, audienceId, eventId: BENCH_EVENT, koc: false }));
  });
}

const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  } else if (req.method === 'POST' && req.url?.endsWith('/join')) {
    join(req, res);
  } else {
    res.writeHead(404);
    res.end();
  }
});

const io = new Server<ClientEvents, ServerEvents, NodeEvents, Person>(http, {
  serveClient: false,
  transports: ['websocket', 'polling'],
  maxHttpBufferSize: 65536,
});
const redis: Redis[] = [];
if (REDIS_URL !== undefined) {
  const pub = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sub = pub.duplicate();
  redis.push(pub, sub);
  io.adapter(createShardedAdapter(pub, sub, { channelPrefix: 'baseline' }));
  io.on('part', (node: string, part: Part) => {
    parts.set(node, part);
    moved = true;
  });
}

io.use((socket, next) => {
  const token: unknown = (socket.handshake.auth as Record<string, unknown>).token;
  if (typeof token !== 'string') return next(new Error('UNAUTHORIZED'));
  const [id = token, country = null] = token.split('.');
  const role: Role = token === 'operator' || token === 'screen' ? token : 'audience';
  socket.data = { id, role, country };
  next();
});

io.on('connection', (socket) => {
  const person = socket.data;
  const { id, role, country } = person;
  void socket.join(role === 'audience' ? ['ev', 'ev:audience', `ev:p:${id}`] : ['ev', `ev:${role}`]);
  socket.emit('state', snapshot(person));

  socket.on('state:sync', (_payload, ack) => {
    ack({ ok: true, data: snapshot(person) });
  });
  socket.on('stage:cue', (payload, ack) => {
    seq++;
    cue = { ...payload, id: `c-${seq}`, at: Date.now() };
    ack({ ok: true, data: cue });
    io.to('ev').emit('stage:cue', { seq, cue });
  });
  socket.on('poll:vote', (payload, ack) => {
    const option = payload.optionIds?.[0];
    if (option === undefined) return ack({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'optionIds' } });
    const before = votes.get(id);
    if (before === undefined) {
      mine.total++;
      if (country !== null) mine.byCountry[country] = (mine.byCountry[country] ?? 0) + 1;
    } else {
      mine.counts[before] = (mine.counts[before] ?? 1) - 1;
    }
    mine.counts[option] = (mine.counts[option] ?? 0) + 1;
    votes.set(id, option);
    moved = true;
    mineMoved = true;
    ack({ ok: true, data: { pollId: payload.pollId, vote: { optionIds: [option] } } });
  });
  socket.on('quiz:create', (payload, ack) => {
    quiz = payload as BaselineQuiz;
    ack({ ok: true, data: quizView() });
  });
  socket.on('quiz:next', (_payload, ack) => {
    if (!quiz) return ack({ ok: false, error: { code: 'NOT_FOUND', message: 'no quiz' } });
    running = { index: running ? running.index + 1 : 0, startsAt: Date.now(), answers: new Map() };
    const question = quiz.questions[running.index];
    if (!question) return ack({ ok: false, error: { code: 'CONFLICT', message: 'no next question' } });
    seq++;
    const endsAt = running.startsAt + question.timeLimitMs;
    const { correct: _hidden, ...shown } = question;
    io.to('ev').emit('quiz:question', {
      seq,
      quizId: quiz.id,
      index: running.index,
      question: shown,
      startsAt: running.startsAt,
      endsAt,
      serverTime: Date.now(),
    });
    ack({ ok: true, data: quizView() });
  });
  socket.on('quiz:answer', (payload, ack) => {
    const question = running && quiz?.questions[running.index];
    if (!running || !question || question.id !== payload.questionId) {
      return ack({ ok: false, error: { code: 'POLL_CLOSED', message: 'not running' } });
    }
    if (running.answers.has(id)) return ack({ ok: false, error: { code: 'CONFLICT', message: 'answered' } });
    const elapsedMs = Date.now() - running.startsAt;
    running.answers.set(id, { optionId: payload.optionId, elapsedMs, country });
    ack({ ok: true, data: { questionId: question.id, optionId: payload.optionId, elapsedMs } });
  });
  socket.on('quiz:reveal', (_payload, ack) => {
    const question = running && quiz?.questions[running.index];
    if (!quiz || !running || !question) return ack({ ok: false, error: { code: 'CONFLICT', message: 'none' } });
    seq++;
    const reveal = revealQuestion(quiz.id, question, running.answers);
    io.to('ev').emit('quiz:reveal', { seq, ...reveal });
    // As ours: each player hears their own result, on every socket of theirs.
    const ranked = [...scores].sort(
      ([a, x], [b, y]) => y.points - x.points || x.elapsed - y.elapsed || (a < b ? -1 : 1),
    );
    ranked.forEach(([person, x], i) => {
      const correct = question.correct?.includes(running?.answers.get(person)?.optionId ?? '') ?? false;
      const me = {
        quizId: quiz?.id ?? '',
        questionId: question.id,
        correct,
        points: 0,
        total: x.points,
        rank: i + 1,
        streak: x.streak,
      };
      io.to(`ev:p:${person}`).emit('quiz:me', me);
    });
    ack({ ok: true, data: quizView() });
  });
});

/** The same scoring as ours (speed and streak), every answer of the question at once; the top ten. */
function revealQuestion(quizId: string, question: BaselineQuiz['questions'][number], answers: Map<string, Answer>) {
  const counts: Record<string, number> = {};
  for (const [person, a] of answers) {
    counts[a.optionId] = (counts[a.optionId] ?? 0) + 1;
    const score = scores.get(person) ?? { points: 0, streak: 0, elapsed: 0 };
    if (question.correct?.includes(a.optionId)) {
      const speed = Math.round(1000 * (1 - a.elapsedMs / question.timeLimitMs / 2));
      score.points += speed + Math.min(500, 100 * score.streak);
      score.streak++;
      score.elapsed += a.elapsedMs;
    } else {
      score.streak = 0;
    }
    scores.set(person, score);
  }
  const leaderboard = [...scores]
    .sort(([a, x], [b, y]) => y.points - x.points || x.elapsed - y.elapsed || (a < b ? -1 : 1))
    .slice(0, 10)
    .map(([person, x], i) => ({ rank: i + 1, id: person, name: null, country: null, points: x.points }));
  return { quizId, questionId: question.id, correct: question.correct ?? [], counts, leaderboard, countries: [] };
}

// The tally on a tick, to this node's sockets, when it moved; other nodes get this node's counts.
const tick = setInterval(() => {
  if (!moved) return;
  moved = false;
  version++;
  if (REDIS_URL !== undefined && mineMoved) io.serverSideEmit('part', NODE, mine);
  mineMoved = false;
  io.local.to('ev').emit('poll:tally', tally());
}, TICK_MS);

http.listen(PORT, '127.0.0.1');
process.on('SIGTERM', () => {
  clearInterval(tick);
  void io.close();
  for (const c of redis) c.disconnect();
  process.exit(0);
});
