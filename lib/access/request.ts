import { cookies, headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { type Actor, actorHeader, unsealActor } from './actor';
import { requestSource } from './forwarded';
import { isValidSession, sessionCookieName } from './session';

/** The session cookie's name for this request: it depends on whether it came over https. */
export async function sessionCookieOfRequest(): Promise<string> {
  return sessionCookieName(requestSource(await headers()).https);
}

/** Who is asking, as the gate found out; undefined on a page open to all, signed out. */
export async function currentActor(): Promise<Actor | undefined> {
  return unsealActor((await headers()).get(actorHeader));
}

/**
 * Whether this request may see Folio: always without sign-in; with a password, by a valid
 * session; with accounts, as a person an admin has let in.
 */
export async function isSignedIn(): Promise<boolean> {
  const { auth, password } = getConfig();
  if (auth === 'none') return true;
  if (auth === 'accounts') {
    const actor = await currentActor();
    return actor?.kind === 'person' && actor.role !== 'pending';
  }
  const token = (await cookies()).get(await sessionCookieOfRequest())?.value;
  return isValidSession(token, password!);
}
