import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import proxyaddr from 'proxy-addr';
import { AppConfig } from '../config/app-config.js';

export type TrustFn = (address: string, hop: number) => boolean;

/** TRUST_PROXY compiled as Express compiles `trust proxy` (Express takes this function as is). */
export function compileTrust(setting: boolean | number | string[]): TrustFn {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/** IPv6 clients own a /64 each: limits keyed by the whole address would be one per address they pick. */
function prefix64(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** The key limits count a client address under: IPv4 as it is (also when IPv4-mapped), IPv6 by /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] ?? address;
  return address.includes(':') ? prefix64(address.toLowerCase()) : address;
}

/**
 * The client's address, for HTTP requests and socket handshakes alike: the peer, or with
 * TRUST_PROXY the address the trusted proxies name in X-Forwarded-For (never otherwise: every
 * client can write that header).
 */
@Injectable()
export class ClientAddress {
  readonly trust: TrustFn;

  constructor(config: AppConfig) {
    this.trust = compileTrust(config.trustProxy);
  }

  of(req: IncomingMessage): string {
    // No address when the peer is gone already: those share one key rather than crash.
    return addressKey(proxyaddr(req, this.trust) || 'unknown');
  }
}
