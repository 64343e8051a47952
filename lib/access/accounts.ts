/**
 * Accounts (FOLIO_AUTH=accounts), signed in by better-auth: email and password (its salted
 * scrypt hash), OpenID Connect with discovery and PKCE (its generic OAuth plugin), sessions kept
 * in the database (so signing out, or an admin, ends them on the server at once: no cookie
 * cache), and API keys (its API key plugin: shown once, kept as a hash, with an expiry), which
 * sign a request in as their owner when sent as `Authorization: Bearer`.
 *
 * Folio decides itself who may do what (authorize.ts): better-auth's roles and admin endpoints
 * are not used, so there is one gate. Who may sign up is decided here, as a person is created,
 * however they came: the first becomes admin; after that an invitation makes a member, open
 * sign-up someone pending an admin's approval, and nothing else gets in.
 */
import { randomUUID } from 'node:crypto';
import { apiKey } from '@better-auth/api-key';
import { APIError, betterAuth } from 'better-auth';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins';
import { storage } from '@/db';
import { type AccountsSettings, getConfig } from '@/lib/config';
import { folioOrigin } from './links';
import { unverifiedEmailError } from './sign-in-errors';

/** The id better-auth knows the OpenID Connect provider by: in its callback path. */
export const oidcProviderId = 'oidc';

/** What an API key starts with, so that a leaked one is recognised. */
export const apiKeyPrefix = 'folio_';

export const sessionLifetimeS = 30 * 24 * 60 * 60;

/**
 * The role a new person gets, or undefined when they may not sign up. The first person comes in
 * pending, and is made admin as they are kept (`becomeFirstAdmin`, atomic): of two signing up at
 * the same instant, both seeing nobody there, one becomes admin and the other waits for them.
 */
async function roleOfNewcomer(email: string, signUp: AccountsSettings['signUp']) {
  if (await storage().invitations.find(email)) return 'member';
  if (signUp === 'open' || (await storage().people.count()) === 0) return 'pending';
  return undefined;
}

function createAuth(settings: AccountsSettings) {
  const { publicUrl } = getConfig();
  return betterAuth({
    appName: 'Folio',
    secret: settings.secret,
    baseURL: publicUrl?.origin,
    basePath: '/api/auth',
    // The origin a request reached Folio at, as the gate reads it (through trusted proxies
    // only): the gate has already refused changes from any other site.
    trustedOrigins: async (request) => (request ? [folioOrigin(request.headers)] : []),
    database: storage().authDatabase,
    telemetry: { enabled: false },
    // Folio's gate limits sign-in attempts per address and per person (gate.ts).
    rateLimit: { enabled: false },
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 256 },
    session: { expiresIn: sessionLifetimeS, cookieCache: { enabled: false } },
    advanced: {
      cookiePrefix: 'folio',
      // Secure (and __Secure-) only where browsers reach Folio over https: over plain http a
      // browser would not send the cookie back.
      useSecureCookies: publicUrl?.protocol === 'https:',
      database: { generateId: () => randomUUID() },
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, input: false, defaultValue: 'member' },
      },
    },
    databaseHooks: {
      user: {
        create: {
          // Refused, better-auth sends someone signing in with the provider back to the
          // sign-in page with `?error=unable_to_create_user` (sign-in-errors.ts).
          before: async (user, context) => {
            // An invitation goes to an email address: a provider that has not verified the
            // address does not vouch that whoever signs in owns it. (An existing account with
            // the address is better-auth's to guard: it joins a provider to one only when the
            // provider has verified the address, and sends the person back with
            // `?error=account_not_linked` otherwise.)
            if (
              context?.params?.id === oidcProviderId &&
              !user.emailVerified &&
              (await storage().invitations.find(user.email))
            ) {
              throw new APIError('FORBIDDEN', {
                code: unverifiedEmailError,
                message: 'The provider has not verified this email address.',
              });
            }
            const role = await roleOfNewcomer(user.email, settings.signUp);
            return role ? { data: { ...user, role } } : false;
          },
          after: async (user) => {
            await storage().people.becomeFirstAdmin(user.id);
            await storage().invitations.remove(user.email);
            await storage().collections.create(
              { id: randomUUID(), name: 'Personal library', personalOf: user.id },
              user.id,
            );
          },
        },
      },
    },
    plugins: [
      apiKey({
        defaultPrefix: apiKeyPrefix,
        // Its first characters after the prefix, to tell one's keys apart in the list.
        startingCharactersConfig: { shouldStore: true, charactersLength: apiKeyPrefix.length + 4 },
        enableSessionForAPIKeys: true,
        customAPIKeyGetter: (ctx) =>
          ctx.headers?.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null,
        rateLimit: { enabled: false },
        keyExpiration: { defaultExpiresIn: null, minExpiresIn: 1, maxExpiresIn: 3650 },
      }),
      ...(settings.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: oidcProviderId,
                  discoveryUrl: new URL(
                    '.well-known/openid-configuration',
                    settings.oidc.issuer.endsWith('/')
                      ? settings.oidc.issuer
                      : `${settings.oidc.issuer}/`,
                  ).toString(),
                  clientId: settings.oidc.clientId,
                  clientSecret: settings.oidc.clientSecret,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

// Kept on globalThis: the proxy and every route's bundle share one instance.
const holder = globalThis as typeof globalThis & { folioAuth?: Auth };

/** better-auth, set up for this configuration (FOLIO_AUTH=accounts only). */
export function auth(): Auth {
  const { accounts } = getConfig();
  if (!accounts) throw new Error('Accounts are used while FOLIO_AUTH is not accounts.');
  holder.folioAuth ??= createAuth(accounts);
  return holder.folioAuth;
}
