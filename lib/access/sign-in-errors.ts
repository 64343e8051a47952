/**
 * What went wrong, said to a person, when better-auth sends them back to the sign-in page from
 * the OpenID Connect provider with `?error=<code>`.
 */
/** Folio's own: an invitation redeemed through a provider that has not verified the email. */
export const unverifiedEmailError = 'email_not_verified';

const messages: Record<string, string> = {
  unable_to_create_user: 'Folio is open to invited people only: ask an admin for an invitation.',
  [unverifiedEmailError]:
    'Your provider has not verified your email address, so Folio cannot tell that the invitation is yours: verify the address with the provider, then sign in again.',
  account_not_linked:
    'This email address already has a Folio account that signs in another way: sign in as you did before. Folio joins a provider to an account only when the provider has verified the address.',
  access_denied: 'The sign-in was cancelled at the provider.',
};

export function signInErrorMessage(code: string | string[] | undefined): string | undefined {
  if (typeof code !== 'string' || code === '') return undefined;
  return messages[code] ?? `Signing in with the provider did not work (${code.slice(0, 60)}).`;
}
