/**
 * Who sent a request, and how it reached Folio, believing forwarding headers only from the
 * proxies the operator names in FOLIO_TRUSTED_PROXIES.
 *
 * X-Forwarded-For lists the addresses a request came through, each proxy appending the one it
 * received it from; Folio's server appends the address its own connection came from
 * (scripts/forwarded-for.mjs), so the last entry is never the client's word. Read from the end,
 * entries are believed while the address before them is a trusted proxy: the first untrusted
 * one is the client. X-Forwarded-Proto and X-Forwarded-Host count only when the connection
 * itself comes from a trusted proxy.
 */
import { BlockList } from 'node:net';
import { getConfig } from '@/lib/config';

export interface RequestSource {
  /** The client's address, as far as it can be known. */
  client: string;
  /** Whether the browser reached Folio over https (through a trusted proxy that says so). */
  https: boolean;
  /** The host name the client asked for (with its port, if any), or null when it sent none. */
  host: string | null;
}

let trusted: BlockList | undefined;

function trustedProxies(): BlockList {
  if (!trusted) {
    trusted = new BlockList();
    for (const entry of getConfig().trustedProxies) {
      const [address, prefix] = entry.split('/');
      const family = address.includes(':') ? 'ipv6' : 'ipv4';
      if (prefix === undefined) trusted.addAddress(address, family);
      else trusted.addSubnet(address, Number(prefix), family);
    }
  }
  return trusted;
}

function isTrusted(address: string): boolean {
  const family = address.includes(':') ? 'ipv6' : 'ipv4';
  try {
    return trustedProxies().check(address, family);
  } catch {
    return false; // not an address at all: a proxy wrote something else there
  }
}

/** The first value of a header a proxy may have sent as a list. */
function firstValue(headers: Headers, name: string): string | null {
  return headers.get(name)?.split(',')[0].trim() || null;
}

export function requestSource(headers: Headers): RequestSource {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const peer = chain.at(-1) ?? 'unknown';
  let client = peer;
  for (let i = chain.length - 1; i > 0 && isTrusted(chain[i]); i--) client = chain[i - 1];
  const viaProxy = isTrusted(peer);
  return {
    client,
    https: viaProxy && firstValue(headers, 'x-forwarded-proto') === 'https',
    host: (viaProxy && firstValue(headers, 'x-forwarded-host')) || headers.get('host'),
  };
}

/**
 * What a rate limit counts a client as: its address, or for IPv6 its /64 network, as one
 * machine is usually given a whole /64 and could otherwise take a new address per request.
 */
export function rateLimitKey(client: string): string {
  if (!client.includes(':') || client.startsWith('::ffff:')) return client;
  const groups = expandIpv6(client);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : client;
}

/** An IPv6 address's eight groups, or undefined when it is not one. */
function expandIpv6(address: string): string[] | undefined {
  const [head, tail, ...more] = address.split('::');
  if (more.length > 0) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
}
