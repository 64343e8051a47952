/**
 * Sign-in for FOLIO_PASSWORD: the password is compared by hash in constant time, and a session
 * is a signed, expiring token kept in an HttpOnly cookie. The signing key is derived from the
 * password, so changing the password signs everyone out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const sessionCookie = 'folio_session';
export const sessionMaxAgeS = 30 * 24 * 60 * 60;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function passwordMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function signature(issuedAt: string, password: string): Buffer {
  const key = sha256(`folio-session-key:${password}`);
  return createHmac('sha256', key).update(issuedAt).digest();
}

export function createSessionToken(password: string, now = Date.now()): string {
  const issuedAt = String(now);
  return `${issuedAt}.${signature(issuedAt, password).toString('base64url')}`;
}

export function isValidSession(
  token: string | undefined,
  password: string,
  now = Date.now(),
): boolean {
  const [issuedAt, mac] = token?.split('.') ?? [];
  if (!issuedAt || !mac || !/^\d{1,16}$/.test(issuedAt)) return false;
  const age = now - Number(issuedAt);
  if (age < 0 || age > sessionMaxAgeS * 1000) return false;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(issuedAt, password);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
