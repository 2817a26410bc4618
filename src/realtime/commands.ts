/**
 * The commands clients may send: every name a gateway handles, learnt as the adapter binds them
 * (AppIoAdapter.bindMessageHandlers), so the core names no feature's command. Anything else is
 * answered as unknown and counted as one series.
 */
const known = new Set<string>();

export function knowCommand(name: string): void {
  known.add(name);
}

export function isCommand(name: string): boolean {
  return known.has(name);
}
