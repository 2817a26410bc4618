// A worker process of the harness: holds a few thousand simulated clients (under the per-process
// file limit) and runs what the coordinator asks, over IPC. Exits when the coordinator goes away.
import { Crowd } from './crowd.js';
import type { Command, Reply, Request, WorkerEvent } from './ipc.js';
import { RehearsalCrowd } from './rehearsal-crowd.js';

// The coordinator may be gone between the check and the write: drop the message then.
const send = (reply: Reply): void => {
  if (process.connected) process.send?.(reply, undefined, undefined, () => undefined);
};
const crowd = new Crowd((event: WorkerEvent) => send({ event }));
let rehearsal: RehearsalCrowd | null = null;

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'join':
      if (command.autoVoteWindowMs !== undefined && rehearsal === null) {
        rehearsal = new RehearsalCrowd(crowd, command.autoVoteWindowMs);
      }
      return crowd.join(command);
    case 'connect':
      return crowd.connect(command);
    case 'storm':
      return crowd.storm(command);
    case 'vote':
      return crowd.vote(command);
    case 'cues':
      return crowd.cues();
    case 'close':
      return { closed: await crowd.close() };
    case 'usage': {
      const cpu = process.cpuUsage();
      return { cpuUs: cpu.user + cpu.system, rssBytes: process.memoryUsage().rss };
    }
    case 'rehearsal':
      if (rehearsal === null) throw new Error('not a rehearsal');
      return rehearsal.result();
  }
}

process.on('message', (message: Request) => {
  run(message.command).then(
    (result) => send({ id: message.id, result }),
    (err: unknown) => send({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});

// Progress for the coordinator's display, only when something moved.
let last = '';
const progress = setInterval(() => {
  const p = {
    joined: crowd.joined,
    connected: crowd.connected,
    failed: crowd.failed,
    acked: rehearsal?.acked ?? 0,
    voteErrors: rehearsal?.voteErrors ?? 0,
  };
  const now = JSON.stringify(p);
  if (now === last) return;
  last = now;
  send({ event: { type: 'progress', ...p } });
}, 500);
progress.unref();

process.on('disconnect', () => process.exit(0));
