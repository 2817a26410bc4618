// How many votes one Redis takes: the product's own vote script (RedisPollStore) through one
// ioredis connection with auto-pipelining, as one node sends them. Bounded: VOTES votes, 60 s at most.
// Usage: npm run build && node bench/redis-votes.mjs [redis://127.0.0.1:PORT] [VOTES] [CONCURRENCY]
import { RedisConnection } from '../dist/redis/redis-connection.js';
import { RedisPollStore } from '../dist/polls/store/redis-poll.store.js';

const url = process.argv[2] ?? 'redis://127.0.0.1:6390';
const total = Number(process.argv[3] ?? 200000);
const concurrency = Number(process.argv[4] ?? 2000);
const conn = new RedisConnection({ url }, 'bench');
await conn.connect();
const store = new RedisPollStore(conn);
const ev = `bench-${Date.now()}`;
const poll = {
  id: 'p',
  kind: 'single',
  question: { en: 'Q' },
  options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: { en: id } })),
  status: 'draft',
  results: 'live',
  revealed: false,
  createdAt: 1,
};
await store.create(ev, poll);
await store.change(ev, 'p', 'open', 1);
const countries = ['DE', 'CN', 'BR', 'US', 'ES', 'JP', 'NG', 'IN'];
let sent = 0;
let errors = 0;
const deadline = Date.now() + 60000;
const started = process.hrtime.bigint();
async function worker(w) {
  while (sent < total && Date.now() < deadline) {
    const i = sent++;
    // A quarter of the votes change an earlier vote (the script takes the old one back).
    const voter = `a-${i % Math.floor(total * 0.75)}`;
    const option = ['a', 'b', 'c', 'd'][(i + w) % 4];
    const r = await store.vote(ev, 'p', voter, {
      keys: [option],
      value: 0,
      country: countries[i % 8],
      vote: { optionIds: [option] },
    });
    if (r !== 'ok') errors++;
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const tally = await store.tally(ev, poll, 50);
console.log(
  JSON.stringify({
    votes: sent,
    errors,
    seconds: Number(seconds.toFixed(2)),
    votesPerSecond: Math.round(sent / seconds),
    voters: tally.total,
    version: tally.version,
  }),
);
await conn.client.del(...(await conn.client.keys(`{ev:${ev}}*`)));
await conn.onModuleDestroy();
