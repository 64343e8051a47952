/**
 * Signing up with email and password (FOLIO_AUTH=accounts). An invitation's link carries a token
 * that only its email's owner received; it is checked here, and better-auth's hook
 * (accounts.ts) then makes the person a member. OpenID Connect sign-ups need no token: the
 * provider vouches for the email address.
 */
import { createHash, randomBytes } from 'node:crypto';
import { APIError } from 'better-auth';
import { storage } from '@/db';
import { getConfig } from '@/lib/config';
import { HttpError } from '@/lib/http';
import { auth } from './accounts';

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new random token for a link (an invitation, a shared chat), and its hash to keep. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export async function signUp(
  body: { name: string; email: string; password: string; invitation?: string },
  headers: Headers,
): Promise<Response> {
  const email = body.email.toLowerCase();
  const invitation = await storage().invitations.find(email);
  if (invitation && invitation.tokenHash !== tokenHash(body.invitation ?? '')) {
    throw new HttpError(403, 'Sign up with the link in your invitation.');
  }
  const firstPerson = (await storage().people.count()) === 0;
  if (!invitation && !firstPerson && getConfig().accounts?.signUp !== 'open') {
    throw new HttpError(
      403,
      'Folio is open to invited people only: ask an admin for an invitation.',
    );
  }
  try {
    return await auth().api.signUpEmail({
      body: { name: body.name, email, password: body.password },
      headers,
      asResponse: true,
    });
  } catch (error) {
    if (error instanceof APIError) {
      throw new HttpError(error.statusCode === 422 ? 409 : error.statusCode, error.message);
    }
    throw error;
  }
}
