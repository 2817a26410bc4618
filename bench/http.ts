// Small HTTP helpers on node:http(s) with keep-alive agents (lighter than fetch per request).
import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  text: string;
}

export type Agents = { http: http.Agent; https: https.Agent };
type RequestOptions = { token?: string; agents?: Agents; timeoutMs?: number };

export function agents(maxSockets: number): Agents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
  };
}

/**
 * One request, bounded by timeoutMs; status 0 when nothing answered. A kept-alive socket the
 * server closed as we reused it (ECONNRESET, "socket hang up") is the race Node's docs describe
 * under `request.reusedSocket`: the request never reached the server, so it goes again once.
 */
export async function request(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  const first = await attempt(method, url, options, body);
  return first.staleSocket ? attempt(method, url, options, body) : first;
}

function attempt(
  method: string,
  url: string,
  options: RequestOptions,
  body?: unknown,
): Promise<HttpAnswer & { staleSocket?: boolean }> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const agent = secure ? options.agents?.https : options.agents?.http;
  return new Promise((resolve) => {
    const req = (secure ? https : http).request(
      target,
      { method, headers, agent, timeout: options.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve({ status: 0, text: 'response error' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && (err.code === 'ECONNRESET' || err.message === 'socket hang up');
      resolve({ status: 0, text: err.message, staleSocket: stale });
    });
    req.end(payload);
  });
}

/** A JSON answer of the expected status, or an error naming what came instead. */
export async function expectJson<T>(answer: Promise<HttpAnswer>, status: number, what: string): Promise<T> {
  const res = await answer;
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as T;
}

/** Reads a string field of a JSON text without parsing the whole (tokens in join answers). */
export function field(text: string, name: string): string | null {
  const key = `"${name}":"`;
  const at = text.indexOf(key);
  if (at < 0) return null;
  return text.slice(at + key.length, text.indexOf('"', at + key.length));
}
