import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import helmet from 'helmet';
import { WEB_ROOT } from './web-root.js';

type Middleware = ReturnType<typeof helmet>;

/** CSP hashes of the inline <style> blocks of our pages (index.html has one): nothing else inline runs. */
export function inlineStyleHashes(
  files = ['index.html', 'audience.html', 'operator.html', 'screen.html', 'report.html', 'overlay.html'],
): string[] {
  const hashes = new Set<string>();
  for (const file of files) {
    let html: string;
    try {
      html = readFileSync(join(WEB_ROOT, file), 'utf8');
    } catch {
      continue;
    }
    for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
      hashes.add(
        `'sha256-${createHash('sha256')
          .update(match[1] ?? '')
          .digest('base64')}'`,
      );
    }
  }
  return [...hashes];
}

/** The page's own host, for the WebSocket sources (Safari before 15.4 does not count ws: as 'self'). */
function sameHostSockets(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.[\]:-]{1,255}$/.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * Security headers on every HTTP answer (helmet): a CSP under which the three pages work (their
 * scripts and styles from /assets/, a socket to the same origin, data: icons) and nothing injected
 * would; no framing by other sites; no MIME sniffing; no referrer (the staff token is in the page's
 * hash, never sent, but keep it so). No upgrade-insecure-requests: a venue may serve plain http.
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'", sameHostSockets],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", ...inlineStyleHashes()],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** The headers one answer gets, as set by the middleware, in its order. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/** Hosts whose headers are kept; past that, they are computed per request (a client may send any Host). */
const CACHED_HOSTS = 64;

/**
 * The headers `middleware` (securityHeaders()) sets, computed once per Host (the CSP names the
 * host), for a route answered without Express: one definition, set in one go.
 */
export function securityHeaderList(middleware: Middleware): (req: IncomingMessage) => HeaderList {
  const byHost = new Map<string, HeaderList>();
  const compute = (host: string | undefined): HeaderList => {
    const list: [string, string][] = [];
    const req = { headers: host === undefined ? {} : { host } } as IncomingMessage;
    const recorder = {
      setHeader(name: string, value: unknown): void {
        const at = list.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
        const entry: [string, string] = [name, String(value)];
        if (at >= 0) list[at] = entry;
        else list.push(entry);
      },
      removeHeader(name: string): void {
        const at = list.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
        if (at >= 0) list.splice(at, 1);
      },
    };
    let failed: unknown = null;
    middleware(req, recorder as unknown as Parameters<Middleware>[1], (err?: unknown) => {
      failed = err ?? null;
    });
    if (failed !== null) throw failed instanceof Error ? failed : new Error('The security headers middleware failed');
    return list;
  };
  return (req) => {
    const host = req.headers.host;
    const key = host ?? '';
    const known = byHost.get(key);
    if (known) return known;
    const list = compute(host);
    if (byHost.size < CACHED_HOSTS) byHost.set(key, list);
    return list;
  };
}
