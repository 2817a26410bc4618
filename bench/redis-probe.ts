// Small helpers for a harness that starts its own redis-servers: shared by bench/servers.ts and the
// tests' Redis Cluster (test/support/redis-cluster.ts), which may import from bench/ (not the reverse).

/** `INFO` as a map of field -> value. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Polls `check` (null: done, else why not) every 100 ms until done; throws after `timeoutMs`. */
export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<string | null>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'never checked';
  while (Date.now() < deadline) {
    try {
      const why = await check();
      if (why === null) return;
      reason = why;
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} within ${timeoutMs} ms: ${reason}`);
}
