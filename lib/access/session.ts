/**
 * Sign-in for FOLIO_PASSWORD. The password is compared by hash in constant time; a session is a
 * random token in an HttpOnly cookie, known to the server (db/sessions.ts) until it expires or
 * its browser signs out. Each session also records which password opened it, so changing the
 * password ends them all.
 *
 * The cookie is `__Host-folio_session` over https: Secure, so a plain-http service elsewhere on
 * the same host never receives it, and by its prefix never set or widened by another host. Over
 * plain http a browser sends cookies to every port of a host, which no cookie attribute can
 * prevent: there it is `folio_session`, and it is worth nothing once signed out.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { deleteSession, insertSession, isLiveSession } from '@/db/sessions';

export const sessionMaxAgeS = 30 * 24 * 60 * 60;

export function sessionCookieName(https: boolean): string {
  return https ? '__Host-folio_session' : 'folio_session';
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function passwordMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

let tagged: { password: string; tag: string } | undefined;

/**
 * What a session records of its password: a scrypt digest, so the database file does not give
 * the password away to a fast guesser. Computed once per process (it takes tens of ms).
 */
function passwordTag(password: string): string {
  if (tagged?.password !== password) {
    const tag = scryptSync(password, 'folio-session-password', 32, { N: 2 ** 14 });
    tagged = { password, tag: tag.toString('base64url') };
  }
  return tagged.tag;
}

const tokenHash = (token: string) => sha256(token).toString('hex');

/** Opens a session; returns the token for the browser's cookie. */
export async function openSession(password: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession({
    tokenHash: tokenHash(token),
    passwordTag: passwordTag(password),
    expiresAt: new Date(Date.now() + sessionMaxAgeS * 1000),
  });
  return token;
}

export function isValidSession(token: string | undefined, password: string): boolean {
  // A token is 43 base64url characters; anything else is not worth a query.
  if (!token || !/^[\w-]{43}$/.test(token)) return false;
  return isLiveSession(tokenHash(token), passwordTag(password));
}

export async function closeSession(token: string | undefined): Promise<void> {
  if (token) await deleteSession(tokenHash(token));
}
