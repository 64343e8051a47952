/**
 * Who sent a request, read from X-Forwarded-For as serve.sh leaves it (the connection's own
 * address appended last), believing earlier entries only through FOLIO_TRUSTED_PROXIES.
 */
import { beforeAll, describe, expect, it } from 'vitest';

let forwarded: typeof import('@/lib/access/forwarded');

beforeAll(async () => {
  process.env.FOLIO_TRUSTED_PROXIES = '10.0.0.0/8, ::1';
  forwarded = await import('@/lib/access/forwarded');
});

const source = (headers: Record<string, string>) =>
  forwarded.requestSource(new Headers({ host: 'folio.example.test', ...headers }));

describe('requestSource', () => {
  it('takes the connection for the client when it is not a trusted proxy', () => {
    expect(
      source({
        'x-forwarded-for': '203.0.113.9, 198.51.100.7',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'evil.example',
      }),
    ).toEqual({ client: '198.51.100.7', https: false, host: 'folio.example.test' });
  });

  it('believes trusted proxies, hop by hop, and no further', () => {
    expect(
      source({
        'x-forwarded-for': '192.0.2.1, 203.0.113.9, 10.1.2.3, ::1',
        'x-forwarded-proto': 'https, http',
        'x-forwarded-host': 'folio.example.com',
      }),
    ).toEqual({ client: '203.0.113.9', https: true, host: 'folio.example.com' });
    expect(source({ 'x-forwarded-for': 'not an address, ::1' }).client).toBe('not an address');
  });

  it('has no client to name without the address serve.sh appends', () => {
    expect(source({}).client).toBe('unknown');
  });
});

describe('rateLimitKey', () => {
  it('counts an IPv6 client by its /64, an IPv4 client by its address', () => {
    expect(forwarded.rateLimitKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(forwarded.rateLimitKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(forwarded.rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(forwarded.rateLimitKey('198.51.100.7')).toBe('198.51.100.7');
    expect(forwarded.rateLimitKey('::ffff:198.51.100.7')).toBe('::ffff:198.51.100.7');
  });
});
