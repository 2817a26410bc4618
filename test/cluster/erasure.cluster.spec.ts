import { connect, type Client } from '../support/app.js';
import { handshake } from '../e2e/helpers.js';
import { closed, keysOf } from '../e2e/event-data-support.js';
import { ADMIN_KEY, useCluster } from './cluster.js';
import { api, createEvent, join, newEventId, staffToken } from './peers.js';
import { sleep } from './processes.js';

describe('cluster: an erased person, a reset and a deletion, on every node at once', () => {
  const handle = useCluster();
  const kept: Client[] = [];
  const keep = (client: Client): Client => {
    kept.push(client);
    return client;
  };
  afterEach(() => {
    for (const client of kept.splice(0)) client.close();
  });

  it("refuses an erased person's token on every node and closes their sockets there", async () => {
    const [a, b, c] = handle.cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    const ana = await join(a.url, id, 'NZ');
    const ben = await join(b.url, id, 'NZ');
    const onB = keep(await connect(b.url, ana.token));
    const onC = keep(await connect(c.url, ana.token));
    const benOnC = keep(await connect(c.url, ben.token));
    const gone = [closed(onB), closed(onC)];
    expect((await api(a.url, 'DELETE', '/api/me', undefined, ana.token)).status).toBe(204);
    // The handshake and HTTP ask the store: refused on every node the moment the erasure is acked.
    expect(await handshake(c.url, ana.token)).toBe('UNAUTHORIZED');
    expect(await handshake(b.url, ana.token)).toBe('UNAUTHORIZED');
    expect((await api(b.url, 'GET', `/api/events/${id}/state`, undefined, ana.token)).status).toBe(401);
    await Promise.all(gone);
    expect(benOnC.socket.connected).toBe(true);
    expect(await handshake(a.url, ben.token)).toBe('connected');
  });

  it('refuses the rehearsal tokens on every node after a reset, and leaves no key of a deleted event', async () => {
    const [a, b, c] = handle.cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    const op = keep(await connect(a.url, await staffToken(a.url, id, 'operator')));
    const rehearsal = await join(c.url, id, 'DE');
    const phone = keep(await connect(c.url, rehearsal.token));
    const dropped = closed(phone);
    expect((await api(b.url, 'POST', `/api/events/${id}/reset`, undefined, ADMIN_KEY)).status).toBe(200);
    await op.waitFor('event:reset');
    await dropped;
    expect(await handshake(a.url, rehearsal.token)).toBe('UNAUTHORIZED');
    const live = await join(a.url, id, 'DE');
    expect(await handshake(c.url, live.token)).toBe('connected');

    keep(await connect(b.url, live.token));
    const told = op.waitFor('event:deleted');
    expect((await api(c.url, 'DELETE', `/api/events/${id}`, undefined, ADMIN_KEY)).status).toBe(204);
    expect(await told).toEqual({ eventId: id });
    expect(await handshake(b.url, live.token)).toBe('UNAUTHORIZED');
    // A node's write already on its way (its live figures, once a second) is swept a little later.
    let left = await keysOf(handle.cluster.redis.url, id);
    for (let i = 0; i < 30 && left.length > 0; i++) {
      await sleep(500);
      left = await keysOf(handle.cluster.redis.url, id);
    }
    expect(left).toEqual([]);
  });
});
