import { cookies } from 'next/headers';
import { getConfig } from '@/lib/config';
import { isValidSession, sessionCookie } from './session';

/** Whether this request may see Folio: always without a password, else with a valid session. */
export async function isSignedIn(): Promise<boolean> {
  const { password } = getConfig();
  if (!password) return true;
  return isValidSession((await cookies()).get(sessionCookie)?.value, password);
}
