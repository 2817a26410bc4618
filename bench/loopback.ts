// The rehearsal loads only this machine unless told the target is the caller's own.

/** True for localhost, 127.0.0.0/8 and ::1: addresses that never leave this machine. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
