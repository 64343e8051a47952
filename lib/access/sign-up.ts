/**
 * Signing up with email and password (FOLIO_AUTH=accounts). An invitation's link carries a token
 * that only its email's owner received; it is checked here, and better-auth's hook
 * (accounts.ts) then makes the person a member. OpenID Connect sign-ups need no token: the
 * provider vouches for the email address.
 */
import { APIError } from 'better-auth';
import { storage } from '@/db';
import { getConfig } from '@/lib/config';
import { HttpError } from '@/lib/http';
import { auth } from './accounts';
import { tokenHash } from './tokens';

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

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
