import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  it('counts work from entry to answer, once however often it is answered', async () => {
    const inFlight = new InFlight();
    const done = inFlight.enter();
    expect(inFlight.size).toBe(1);
    const settled = inFlight.settled(Date.now() + 60_000);
    done();
    done();
    expect(await settled).toBe(0);
    expect(inFlight.size).toBe(0);
  });

  it('counts an admitted command until it leaves', async () => {
    const inFlight = new InFlight();
    expect([inFlight.admit(), inFlight.admit()]).toEqual([null, null]);
    expect(inFlight.size).toBe(2);
    const settled = inFlight.settled(Date.now() + 60_000);
    inFlight.leave();
    expect(inFlight.size).toBe(1);
    inFlight.leave();
    expect(await settled).toBe(0);
  });

  it('gives up at the deadline, with what is still in flight', async () => {
    const inFlight = new InFlight();
    inFlight.enter();
    expect(await inFlight.settled(Date.now() + 20)).toBe(1);
  });

  it('answers UNAVAILABLE once refusing, counting nothing', () => {
    const inFlight = new InFlight();
    inFlight.refuse();
    expect(inFlight.admit()).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'This node is shutting down: reconnect and send again' },
    });
    expect(inFlight.size).toBe(0);
  });
});
