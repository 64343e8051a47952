/**
 * A real OpenID Connect provider for tests (the `oidc-provider` package, as identity servers
 * built on it run): discovery, authorization code with PKCE required, and its development
 * sign-in pages, where any login signs in as `<login>@example.com`, email verified, and a login
 * `unverified.<name>` as `<name>@example.com` with `email_verified: false`.
 */
import type { Server } from 'node:http';
import Provider from 'oidc-provider';

export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** A login that starts so signs in with an email address the provider has not verified. */
export const unverifiedLogin = 'unverified.';

export async function startOidcProvider(port: number, redirectUri: string): Promise<OidcProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'folio';
  const clientSecret = 'folio-client-secret-for-tests';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, sub) => {
      const unverified = sub.startsWith(unverifiedLogin);
      const name = unverified ? sub.slice(unverifiedLogin.length) : sub;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: `${name.toLowerCase()}@example.com`,
          email_verified: !unverified,
          name,
        }),
      };
    },
    cookies: { keys: ['a-cookie-key-for-tests-only'] },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser keeps its connections open: close them, or close waits for them.
        server.closeAllConnections();
      }),
  };
}
