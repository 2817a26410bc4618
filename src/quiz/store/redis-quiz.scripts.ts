import { LuaScript } from '../../redis/redis-connection.js';

// The quiz's Lua scripts (see redis-quiz.store.ts for the keys). Numbers go out with '%.0f', so a
// time in ms or a board score is never written in Lua's exponent form.

// KEYS: quiz, quizzes, seq. ARGV: id, definition JSON.
export const CREATE = new LuaScript<number>(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'def', ARGV[2], 'status', 'draft', 'index', '-1')
redis.call('ZADD', KEYS[2], seq, ARGV[1])
return seq`);

// KEYS: quiz, seq, deadlines. ARGV: at, quizId. Returns {-1} missing, {-2, reason}, {seq, fields...}.
export const NEXT = new LuaScript<[number, ...string[]]>(`
local st = redis.call('HMGET', KEYS[1], 'def', 'status', 'index', 'phase')
if not st[1] then return {-1} end
if st[2] == 'ended' then return {-2, 'ended'} end
local index = tonumber(st[3])
if index >= 0 and st[4] ~= 'reveal' then return {-2, 'unrevealed'} end
local q = cjson.decode(st[1]).questions[index + 2]
if not q then return {-2, 'last'} end
local ends = string.format('%.0f', tonumber(ARGV[1]) + q.timeLimitMs)
redis.call('HSET', KEYS[1], 'status', 'running', 'index', string.format('%d', index + 1), 'phase', 'question',
  'startsAt', ARGV[1], 'endsAt', ends, 'closed', '0', 'qid', q.id)
redis.call('ZADD', KEYS[3], ends, ARGV[2])
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, redis.call('INCR', KEYS[2]))
return out`);

// KEYS: quiz, seq. Returns {-1} missing, {-2, reason}, {0, fields...} unchanged, {seq, fields...}.
export const END = new LuaScript<[number, ...string[]]>(`
local st = redis.call('HMGET', KEYS[1], 'status', 'phase')
if not st[1] then return {-1} end
if st[1] == 'draft' then return {-2, 'draft'} end
local result = 0
if st[1] ~= 'ended' then
  if st[2] == 'question' then return {-2, 'unrevealed'} end
  redis.call('HSET', KEYS[1], 'status', 'ended')
  result = redis.call('INCR', KEYS[2])
end
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, result)
return out`);

// KEYS: quiz, the question's answers, people, versions. ARGV: quizId, questionId, then per answer:
// person, option, at, the person's "country|name JSON". Answers per answer: elapsed ms, -2 closed,
// -3 answered already; an empty reply: no such quiz. HSETNX keeps the first answer (and the first
// name and country).
export const ANSWERS = new LuaScript<number[]>(`
local st = redis.call('HMGET', KEYS[1], 'status', 'qid', 'phase', 'closed', 'startsAt', 'endsAt')
if not st[1] then return {} end
local open = st[1] == 'running' and st[2] == ARGV[2] and st[3] == 'question' and st[4] ~= '1'
local starts, ends = tonumber(st[5]), tonumber(st[6])
local out, applied, i = {}, 0, 3
while i <= #ARGV do
  local at = tonumber(ARGV[i + 2])
  if not open or at > ends then
    out[#out + 1] = -2
  else
    local elapsed = math.max(0, at - starts)
    if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1] .. '|' .. string.format('%.0f', elapsed)) == 0 then
      out[#out + 1] = -3
    else
      redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 3])
      out[#out + 1] = elapsed
      applied = applied + 1
    end
  end
  i = i + 4
end
if applied > 0 then redis.call('HINCRBY', KEYS[4], 'quiz:' .. ARGV[1], applied) end
return out`);

// KEYS: quiz, seq, deadlines. ARGV: at, quizId. Returns {seq, questionId} to the one caller that closes.
export const CLOSE = new LuaScript<[number, string?]>(`
local st = redis.call('HMGET', KEYS[1], 'status', 'phase', 'closed', 'endsAt', 'qid')
if st[1] ~= 'running' or st[2] ~= 'question' or st[3] == '1' then
  redis.call('ZREM', KEYS[3], ARGV[2])
  return {0}
end
if tonumber(ARGV[1]) <= tonumber(st[4]) then return {0} end
redis.call('HSET', KEYS[1], 'closed', '1')
redis.call('ZREM', KEYS[3], ARGV[2])
return {redis.call('INCR', KEYS[2]), st[5]}`);

// KEYS: quiz, the question's answers, people, totals, board, country sums, country counts, seq,
// deadlines. ARGV: questionId, quizId, SCORE_SCALE, STREAK_STEP, STREAK_MAX.
// Scores every answer of the running question and moves everyone who ever played, in one step.
// Returns {-1} missing, {-2, reason}, {-3} another question runs now (read again), {0} revealed
// already, or {seq, n, option, count (n pairs), then per person: id, correct, points, total, streak, rank}.
export const REVEAL = new LuaScript<(number | string)[]>(`
local st = redis.call('HMGET', KEYS[1], 'def', 'status', 'index', 'phase', 'qid')
if not st[1] then return {-1} end
if st[2] == 'draft' or tonumber(st[3]) < 0 then return {-2, 'idle'} end
if st[5] ~= ARGV[1] then return {-3} end
if st[4] == 'reveal' then return {0} end
local def = cjson.decode(st[1])
local q = def.questions[tonumber(st[3]) + 1]
local base, speed, streakOn = def.scoring.basePoints, def.scoring.speed, def.scoring.streak
local limit, scale, step, maxBonus = q.timeLimitMs, tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local right = {}
for _, id in ipairs(q.correct) do right[id] = true end
local counts, order = {}, {}
for _, o in ipairs(q.options) do counts[o.id] = 0; order[#order + 1] = o.id end
local answers = {}
local flat = redis.call('HGETALL', KEYS[2])
for i = 1, #flat, 2 do
  local option, elapsed = string.match(flat[i + 1], '^(.*)|(%d+)$')
  answers[flat[i]] = {option, tonumber(elapsed)}
  counts[option] = (counts[option] or 0) + 1
end
local totals = {}
flat = redis.call('HGETALL', KEYS[4])
for i = 1, #flat, 2 do totals[flat[i]] = flat[i + 1] end
local people = redis.call('HGETALL', KEYS[3])
local rows = {}
for i = 1, #people, 2 do
  local id = people[i]
  local country = string.match(people[i + 1], '^([^|]*)|')
  local pts, el, ok, streak = 0, 0, 0, 0
  if totals[id] then
    local a, b, c, d = string.match(totals[id], '^(%d+)|(%d+)|(%d+)|(%d+)$')
    pts, el, ok, streak = tonumber(a), tonumber(b), tonumber(c), tonumber(d)
  elseif country ~= '' then
    redis.call('HINCRBY', KEYS[7], country, 1)
  end
  local a = answers[id]
  local gained, correct = 0, 0
  if a and right[a[1]] then
    gained = base
    -- The same doubles as answerPoints (quiz-rules.ts), in the same order.
    if speed then gained = math.floor(base * (1 - a[2] / limit / 2) + 0.5) end
    if streakOn then gained = gained + math.min(streak * step, maxBonus) end
    pts, el, ok, streak, correct = pts + gained, el + a[2], ok + 1, streak + 1, 1
  else
    streak = 0
  end
  local f = function(n) return string.format('%.0f', n) end
  redis.call('HSET', KEYS[4], id, f(pts) .. '|' .. f(el) .. '|' .. f(ok) .. '|' .. f(streak))
  local score = f(el - pts * scale)
  redis.call('ZADD', KEYS[5], score, id)
  if country ~= '' and gained > 0 then redis.call('HINCRBY', KEYS[6], country, gained) end
  rows[#rows + 1] = {id, correct, gained, pts, streak, score}
end
redis.call('HSET', KEYS[1], 'phase', 'reveal', 'closed', '1')
redis.call('ZREM', KEYS[9], ARGV[2])
local out = {redis.call('INCR', KEYS[8]), #order}
for _, id in ipairs(order) do out[#out + 1] = id; out[#out + 1] = counts[id] end
for _, r in ipairs(rows) do
  local rank = redis.call('ZCOUNT', KEYS[5], '-inf', '(' .. r[6]) + 1
  out[#out + 1] = r[1]; out[#out + 1] = r[2]; out[#out + 1] = r[3]
  out[#out + 1] = r[4]; out[#out + 1] = r[5]; out[#out + 1] = rank
end
return out`);
