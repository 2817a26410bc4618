import { Redis } from 'ioredis';
import yauzl from 'yauzl';
import { FigureRecorder } from '../../src/ops/figure-recorder.js';
import { ADMIN_KEY, type Client } from '../support/app.js';
import type { Ctx } from './helpers.js';

/** Every file of a zip, by name, as text (with yauzl: a reader other than the writer). */
export function unzip(buffer: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files: Record<string, string> = {};
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openErr, stream) => {
          if (openErr) return reject(openErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files[entry.fileName] = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** RFC 4180 rows (quoted fields with commas, quotes and line breaks); a CSV that does not parse throws. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(`row ${i} has ${r.length} fields, the header ${width}`);
  });
  return rows;
}

/** The export of an event as its operator downloads it. */
export async function downloadZip(
  ctx: Ctx,
  eventId: string,
  token: string,
): Promise<{ status: number; type: string | null; files: Record<string, string> }> {
  const res = await fetch(`${ctx.url}/api/events/${eventId}/export.zip`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type');
  return { status: res.status, type, files: res.status === 200 ? await unzip(body) : {} };
}

/** Writes what the node's figures hold now (they flush once a second by themselves). */
export function flushFigures(ctx: Ctx): Promise<void> {
  return ctx.app.app.get(FigureRecorder).flush();
}

/** Resolves once the client's socket is closed by the server. */
export function closed(client: Client): Promise<void> {
  if (!client.socket.connected) return Promise.resolve();
  return new Promise((resolve) => client.socket.once('disconnect', () => resolve()));
}

export const admin = (ctx: Ctx, method: string, path: string): ReturnType<Ctx['api']> =>
  ctx.api(method, path, undefined, ADMIN_KEY);

/** Every key of the test's Redis, with its value(s) as text: what a SCAN of the store finds. */
export async function dumpRedis(url: string): Promise<{ key: string; text: string }[]> {
  const redis = new Redis(url);
  try {
    const out: { key: string; text: string }[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        let value: unknown;
        if (type === 'string') value = await redis.get(key);
        else if (type === 'hash') value = await redis.hgetall(key);
        else if (type === 'set') value = await redis.smembers(key);
        else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
        else if (type === 'list') value = await redis.lrange(key, 0, -1);
        else value = `<${type}>`;
        out.push({ key, text: JSON.stringify(value) });
      }
    } while (cursor !== '0');
    return out;
  } finally {
    redis.disconnect();
  }
}

/** The keys of one event (its hash tag) left in the test's Redis. */
export async function keysOf(url: string, eventId: string): Promise<string[]> {
  return (await dumpRedis(url)).map((e) => e.key).filter((k) => k.startsWith(`{ev:${eventId}}`));
}
