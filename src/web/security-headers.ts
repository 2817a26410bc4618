import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import helmet from 'helmet';
import { WEB_ROOT } from './web-root.js';

type Middleware = ReturnType<typeof helmet>;

/** CSP hashes of the inline <style> blocks of our pages (index.html has one): nothing else inline runs. */
export function inlineStyleHashes(files = ['index.html', 'audience.html', 'operator.html', 'screen.html']): string[] {
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
