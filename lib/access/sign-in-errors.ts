/**
 * What went wrong, said to a person, when better-auth sends them back to the sign-in page from
 * the OpenID Connect provider with `?error=<code>`.
 */
const messages: Record<string, string> = {
  unable_to_create_user: 'Folio is open to invited people only: ask an admin for an invitation.',
  access_denied: 'The sign-in was cancelled at the provider.',
};

export function signInErrorMessage(code: string | string[] | undefined): string | undefined {
  if (typeof code !== 'string' || code === '') return undefined;
  return messages[code] ?? `Signing in with the provider did not work (${code.slice(0, 60)}).`;
}
