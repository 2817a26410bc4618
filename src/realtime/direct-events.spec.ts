import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import type { AppSocket } from './protocol.js';
import { readEvent, readEventsDirectly, writeAck, type EventPacket } from './direct-events.js';

/** What Socket.IO's own parser makes of one text frame: the packet, or the error it throws. */
function socketIoReads(text: string): Packet | Error {
  const decoder = new Decoder();
  let out: Packet | Error = new Error('no packet');
  decoder.on('decoded', (packet: Packet) => (out = packet));
  try {
    decoder.add(text);
  } catch (err) {
    out = err as Error;
  }
  return out;
}

const FRAMES = [
  '2["poll:vote",{"pollId":"p1","optionIds":["a"]}]',
  '27["poll:vote",{"pollId":"p1","optionIds":["a"]}]',
  '2123456789012345["x"]',
  '21234567890123456["x"]',
  '2007["state:sync"]',
  '2["a",1,2,3]',
  '2["a"]',
  '2[]',
  '2[1]',
  '2[null]',
  '2{"a":1}',
  '2["a"',
  '2["a"]x',
  '2 ["a"]',
  '21 ["a"]',
  '2/admin,["a"]',
  '2/admin,5["a"]',
  '2',
  '',
  '3["a"]',
  '35["a"]',
  '0',
  '1',
  '51-["a",{"_placeholder":true,"num":0}]',
  '2["connect"]',
  '2["disconnect"]',
  '2["newListener"]',
  '2["__proto__",{}]',
  '2["a","\\ud800"]',
];

describe('readEvent', () => {
  it.each(FRAMES)('reads %j as Socket.IO does, or leaves it to Socket.IO', (text) => {
    const mine = readEvent(text);
    const theirs = socketIoReads(text);
    if (mine === null) return;
    // Whatever it reads, Socket.IO reads the same: an EVENT of the main namespace, same id, same data.
    expect(theirs).not.toBeInstanceOf(Error);
    const packet = theirs as Packet;
    expect(packet.type).toBe(PacketType.EVENT);
    expect(packet.nsp).toBe('/');
    expect(mine.id).toBe(packet.id ?? -1);
    expect(mine.data).toEqual(packet.data);
  });

  it('reads the plain events of the main namespace, and nothing else', () => {
    const read = FRAMES.filter((text) => readEvent(text) !== null);
    expect(read).toEqual([
      '2["poll:vote",{"pollId":"p1","optionIds":["a"]}]',
      '27["poll:vote",{"pollId":"p1","optionIds":["a"]}]',
      '2123456789012345["x"]',
      '2007["state:sync"]',
      '2["a",1,2,3]',
      '2["a"]',
      '2["__proto__",{}]',
      '2["a","\\ud800"]',
    ]);
    expect(readEvent('27["poll:vote",{"pollId":"p1"}]')).toEqual({ id: 7, data: ['poll:vote', { pollId: 'p1' }] });
    expect(readEvent('2["poll:vote"]')).toEqual({ id: -1, data: ['poll:vote'] });
  });
});

describe('writeAck', () => {
  it("writes Socket.IO's own ack packet, and nothing to a connection that is not open", () => {
    const written: [string, unknown][] = [];
    const conn = { readyState: 'open', write: (data: string, options: unknown) => written.push([data, options]) };
    const answer = { ok: true, data: { pollId: 'p1', vote: { optionIds: ['a'] }, text: 'é "q" \u2028' } };
    writeAck(conn, 12, answer);
    const encoded = new Encoder().encode({ type: PacketType.ACK, id: 12, nsp: '/', data: [answer] }) as string[];
    const expected = encoded[0];
    expect(written).toEqual([[expected, { compress: true }]]);
    writeAck({ ...conn, readyState: 'closing' }, 13, answer);
    expect(written).toHaveLength(1);
  });
});

describe('readEventsDirectly', () => {
  /** A socket whose Client listens to its connection as Socket.IO 4.8's does. */
  function fakeSocket(): { socket: AppSocket; conn: EventEmitter; toSocketIo: unknown[] } {
    const conn = new EventEmitter();
    const toSocketIo: unknown[] = [];
    const client = { ondata: (data: unknown) => toSocketIo.push(data) };
    conn.on('data', client.ondata);
    const socket = { conn, client, connected: true } as unknown as AppSocket;
    return { socket, conn, toSocketIo };
  }

  it('hands event packets to the listener and the rest to Socket.IO; after binary, everything to Socket.IO', () => {
    const { socket, conn, toSocketIo } = fakeSocket();
    const mine: EventPacket[] = [];
    expect(readEventsDirectly(socket, (_socket, packet) => mine.push(packet))).toBe(true);
    expect(conn.listenerCount('data')).toBe(1);
    conn.emit('data', '21["a",{}]');
    conn.emit('data', '1');
    conn.emit('data', '2["a"]');
    expect(mine).toEqual([
      { id: 1, data: ['a', {}] },
      { id: -1, data: ['a'] },
    ]);
    expect(toSocketIo).toEqual(['1']);
    conn.emit('data', '51-["a",{"_placeholder":true,"num":0}]');
    conn.emit('data', Buffer.from([1]));
    conn.emit('data', '22["a"]');
    expect(mine).toHaveLength(2);
    expect(toSocketIo).toHaveLength(4);
    // Socket.IO's own reader is back, alone.
    expect(conn.listeners('data')).toEqual([(socket.client as unknown as { ondata: unknown }).ondata]);
  });

  it('leaves a disconnected socket to Socket.IO, and a Socket.IO that reads otherwise untouched', () => {
    const { socket, conn, toSocketIo } = fakeSocket();
    const mine: EventPacket[] = [];
    readEventsDirectly(socket, (_socket, packet) => mine.push(packet));
    (socket as unknown as { connected: boolean }).connected = false;
    conn.emit('data', '2["a"]');
    expect(mine).toEqual([]);
    expect(toSocketIo).toEqual(['2["a"]']);

    const other = { conn: new EventEmitter(), client: {}, connected: true } as unknown as AppSocket;
    expect(readEventsDirectly(other, () => undefined)).toBe(false);
    expect(other.conn.listenerCount('data')).toBe(0);
  });
});
