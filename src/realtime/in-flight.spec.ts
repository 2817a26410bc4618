import { jest } from '@jest/globals';
import type { Ack } from '../common/errors.js';
import { InFlight } from './in-flight.js';
import { knowCommand } from './commands.js';
import type { AppSocket } from './protocol.js';

// The adapter learns these as the gateways' handlers are bound; here there is no adapter.
knowCommand('poll:vote');
knowCommand('qa:upvote');

type Packet = [string, ...unknown[]];
type Middleware = (packet: Packet, next: (err?: Error) => void) => void;

/** A socket that keeps its packet middleware, so a test can feed it packets. */
function fakeSocket(): { socket: AppSocket; state: { connected: boolean }; deliver(packet: Packet): boolean } {
  const state = { connected: true };
  let middleware: Middleware | null = null;
  const socket = {
    use: (fn: Middleware) => (middleware = fn),
    get connected() {
      return state.connected;
    },
  } as unknown as AppSocket;
  return {
    socket,
    state,
    /** Runs the middleware; whether it passed the packet on. */
    deliver(packet) {
      let passed = false;
      middleware?.(packet, () => (passed = true));
      return passed;
    },
  };
}

const nextTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('InFlight', () => {
  it('counts a command from arrival to ack, and only commands with an ack', async () => {
    const inFlight = new InFlight();
    const { socket, deliver } = fakeSocket();
    inFlight.attach(socket);
    const ack = jest.fn();
    const packet: Packet = ['poll:vote', { pollId: 'p' }, ack];
    expect(deliver(packet)).toBe(true);
    expect(deliver(['poll:vote', { pollId: 'p' }])).toBe(true);
    expect(deliver(['no:such', {}, jest.fn()])).toBe(true);
    expect(inFlight.size).toBe(1);
    const settled = inFlight.settled(Date.now() + 60_000);
    const answer: Ack<unknown> = { ok: true, data: {} };
    (packet[2] as (a: Ack<unknown>) => void)(answer);
    (packet[2] as (a: Ack<unknown>) => void)(answer);
    expect(await settled).toBe(0);
    expect(inFlight.size).toBe(0);
    expect(ack).toHaveBeenCalledWith(answer);
  });

  it('gives up at the deadline, with what is still in flight', async () => {
    const inFlight = new InFlight();
    inFlight.enter();
    expect(await inFlight.settled(Date.now() + 20)).toBe(1);
  });

  it('forgets a command whose socket closed before it was dispatched', async () => {
    const inFlight = new InFlight();
    const { socket, state, deliver } = fakeSocket();
    inFlight.attach(socket);
    deliver(['qa:upvote', { questionId: 'q' }, jest.fn()]);
    state.connected = false;
    await nextTick();
    expect(inFlight.size).toBe(0);
  });

  it('answers UNAVAILABLE once refusing, without passing the command on', () => {
    const inFlight = new InFlight();
    const { socket, deliver } = fakeSocket();
    inFlight.attach(socket);
    inFlight.refuse();
    const ack = jest.fn();
    expect(deliver(['poll:vote', { pollId: 'p' }, ack])).toBe(false);
    expect(ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ code: 'UNAVAILABLE' }) as unknown });
    expect(inFlight.size).toBe(0);
  });
});
