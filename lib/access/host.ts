/**
 * Whether a request's Host names Folio: the defence against DNS rebinding, where a web page on
 * attacker.example points that name at 127.0.0.1 and, as a page of that origin, reads what
 * Folio answers. The browser still sends `Host: attacker.example`, so only names that are
 * Folio's own are served: loopback names, FOLIO_HOST and FOLIO_PUBLIC_URL's host. An IP
 * address is always accepted, since no name is involved to rebind: a browser sends one only
 * when it was asked for that address, whose origin Folio's pages are then.
 */
import { isIP } from 'node:net';
import { getConfig } from '@/lib/config';

/** The name in a Host header (or an address's host), without its port; undefined if it is not one. */
export function hostnameOf(host: string): string | undefined {
  try {
    // The URL parser reads the name as a browser does: lower-cased, brackets around IPv6, no port.
    return new URL(`http://${host}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

export function namesFolio(host: string | null): boolean {
  const name = host ? hostnameOf(host) : undefined;
  if (!name) return false;
  if (isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0) return true;
  // Browsers resolve localhost and its subdomains to loopback themselves (RFC 6761).
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const { host: listenHost, publicUrl } = getConfig();
  return (
    name === hostnameOf(listenHost) ||
    (publicUrl !== undefined && name === hostnameOf(publicUrl.host))
  );
}
