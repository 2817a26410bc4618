import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { Manager } from 'socket.io-client';
import { POLL_STORE, type PollStore } from '../../src/polls/poll.store.js';
import { InFlight } from '../../src/realtime/in-flight.js';
import { ShutdownService } from '../../src/realtime/shutdown.service.js';
import { http } from '../support/app.js';
import { errorOf, handshake, MODES, okData, openPoll, singlePoll, sync, useApp } from './helpers.js';

const WINDOW_MS = 1000;

/** GET on the node's own Express app, mounted on a second listener (the node's port is closed). */
async function getOnSecondListener(app: ReturnType<typeof useApp>['app']['app'], path: string): Promise<number> {
  const server = createServer(app.getHttpAdapter().getInstance() as Parameters<typeof createServer>[0]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return (await http(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'GET', path)).status;
  } finally {
    server.close();
  }
}

describe.each(MODES)('graceful shutdown (%s)', (mode) => {
  const ctx = useApp(mode, { env: { DRAIN_RECONNECT_MS: String(WINDOW_MS), SHUTDOWN_GRACE_MS: '20000' } });

  it('drains: /ready 503, the notice, handshakes refused, the command in flight acked and stored', async () => {
    const room = await ctx.room();
    await openPoll(room.op, singlePoll('p1'));
    const [voter, listener] = await room.members(2);
    const reasons: string[] = [];
    listener.client.socket.on('disconnect', (reason) => reasons.push(reason));
    expect((await ctx.api('GET', '/ready', undefined)).status).toBe(200);

    // The vote reaches the store and is held there until the node is draining.
    const store = ctx.app.app.get<symbol, PollStore>(POLL_STORE);
    const vote = store.vote.bind(store);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = (): void => undefined;
    const arrived = new Promise<void>((resolve) => (entered = resolve));
    const spy = jest.spyOn(store, 'vote').mockImplementation(async (...args) => {
      entered();
      await held;
      return vote(...args);
    });
    const acked = voter.client.send('poll:vote', { pollId: 'p1', optionIds: ['b'] });
    await arrived;

    // A transport opened before the drain, whose Socket.IO handshake comes after it.
    const manager = new Manager(ctx.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
    await new Promise<void>((resolve, reject) => manager.open((err) => (err ? reject(err) : resolve())));

    const drained = ctx.app.app.get(ShutdownService).drain('test');
    try {
      expect(await listener.client.waitFor('server:draining')).toEqual({ reconnectWithinMs: WINDOW_MS });
      expect(await getOnSecondListener(ctx.app.app, '/ready')).toBe(503);
      const late = manager.socket('/', { auth: { token: listener.token } });
      const refusal = await new Promise<string>((resolve) => {
        late.once('connect', () => resolve('connected'));
        late.once('connect_error', (err) => resolve(err.message));
        late.connect();
      });
      expect(refusal).toBe('UNAVAILABLE');
      // The port is closed: a new connection does not get in at all.
      expect(await handshake(ctx.url, listener.token)).not.toBe('connected');

      // After the window, new commands are refused while the one in flight is still awaited
      // (probed as the operator: audience snapshots are rate limited).
      let probe = await room.op.send('state:sync', {});
      for (let i = 0; i < 100 && probe.ok; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        probe = await room.op.send('state:sync', {});
      }
      expect(errorOf(probe).code).toBe('UNAVAILABLE');
    } finally {
      release();
    }
    expect(okData(await acked)).toEqual({ pollId: 'p1', vote: { optionIds: ['b'] } });
    await drained;
    spy.mockRestore();

    // Stored; and the clients that stayed had their transport closed, so they reconnect by themselves.
    expect(await store.votesOf(room.id, voter.audienceId, ['p1'])).toEqual({ p1: { optionIds: ['b'] } });
    expect(reasons).toEqual(['transport close']);
    expect(room.op.socket.connected).toBe(false);
    expect(voter.client.socket.connected).toBe(false);
  });
});

describe('before any shutdown', () => {
  const ctx = useApp('embedded');

  it('counts nothing in flight once every command is answered', async () => {
    const room = await ctx.room();
    const [member] = await room.members(1);
    await Promise.all([sync(member.client), sync(room.op), sync(room.screen)]);
    expect(ctx.app.app.get(ShutdownService).draining).toBe(false);
    expect(ctx.app.app.get(InFlight).size).toBe(0);
  });
});
