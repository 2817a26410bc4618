import { TypedEvents } from './app-events.js';

interface TestEvents {
  ping: { n: number };
  pong: { text: string };
}

describe('TypedEvents', () => {
  it('runs the handlers of one event in the order they were added, and resolves after the last', async () => {
    const events = new TypedEvents<TestEvents>();
    const seen: string[] = [];
    events.on('ping', async ({ n }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`slow ${n}`);
    });
    events.on('ping', ({ n }) => {
      seen.push(`fast ${n}`);
    });
    events.on('pong', ({ text }) => {
      seen.push(text);
    });
    await events.emit('ping', { n: 1 });
    expect(seen).toEqual(['slow 1', 'fast 1']);
    await events.emit('pong', { text: 'hi' });
    expect(seen).toEqual(['slow 1', 'fast 1', 'hi']);
  });

  it('resolves with no handler', async () => {
    await expect(new TypedEvents<TestEvents>().emit('ping', { n: 1 })).resolves.toBeUndefined();
  });

  it('runs every handler when one fails, then rejects with the first failure', async () => {
    const events = new TypedEvents<TestEvents>();
    const seen: number[] = [];
    events.on('ping', () => Promise.reject(new Error('first')));
    events.on('ping', () => {
      throw new Error('second');
    });
    events.on('ping', ({ n }) => {
      seen.push(n);
    });
    await expect(events.emit('ping', { n: 7 })).rejects.toThrow('first');
    expect(seen).toEqual([7]);
  });

  it('stops calling a handler once removed', async () => {
    const events = new TypedEvents<TestEvents>();
    const seen: number[] = [];
    const off = events.on('ping', ({ n }) => {
      seen.push(n);
    });
    await events.emit('ping', { n: 1 });
    off();
    off();
    await events.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
  });
});
