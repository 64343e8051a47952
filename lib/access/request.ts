import { cookies, headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { requestSource } from './forwarded';
import { isValidSession, sessionCookieName } from './session';

/** The session cookie's name for this request: it depends on whether it came over https. */
export async function sessionCookieOfRequest(): Promise<string> {
  return sessionCookieName(requestSource(await headers()).https);
}

/** Whether this request may see Folio: always without a password, else with a valid session. */
export async function isSignedIn(): Promise<boolean> {
  const { password } = getConfig();
  if (!password) return true;
  const token = (await cookies()).get(await sessionCookieOfRequest())?.value;
  return isValidSession(token, password);
}
