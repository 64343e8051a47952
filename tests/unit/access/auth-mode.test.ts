import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';

const secret = 'x'.repeat(32);

describe('FOLIO_AUTH', () => {
  it('is none by default on loopback, and password when FOLIO_PASSWORD is set, as before', () => {
    expect(parseConfig({}).auth).toBe('none');
    expect(parseConfig({ FOLIO_HOST: 'localhost' }).auth).toBe('none');
    const withPassword = parseConfig({ FOLIO_PASSWORD: 'pw', FOLIO_HOST: '0.0.0.0' });
    expect([withPassword.auth, withPassword.password]).toEqual(['password', 'pw']);
  });

  it('refuses to let everyone in on an address others reach, unless told so', () => {
    expect(() => parseConfig({ FOLIO_HOST: '0.0.0.0' })).toThrow(
      /FOLIO_AUTH: Folio would let everyone who reaches 0\.0\.0\.0 in without signing in/,
    );
    expect(parseConfig({ FOLIO_HOST: '0.0.0.0', FOLIO_AUTH: 'none' }).auth).toBe('none');
  });

  it('names what accounts and password modes need', () => {
    expect(() => parseConfig({ FOLIO_AUTH: 'password' })).toThrow(/FOLIO_PASSWORD: must be set/);
    expect(() => parseConfig({ FOLIO_AUTH: 'accounts' })).toThrow(/FOLIO_AUTH_SECRET: must be set/);
    expect(() => parseConfig({ FOLIO_AUTH: 'accounts', FOLIO_AUTH_SECRET: 'short' })).toThrow(
      /FOLIO_AUTH_SECRET: must be at least 32 characters/,
    );
    expect(() =>
      parseConfig({ FOLIO_AUTH: 'accounts', FOLIO_AUTH_SECRET: secret, FOLIO_PASSWORD: 'pw' }),
    ).toThrow(/FOLIO_PASSWORD: is only for FOLIO_AUTH=password/);
    expect(() => parseConfig({ FOLIO_AUTH: 'everyone' })).toThrow(
      /FOLIO_AUTH: must be none, password or accounts/,
    );
    expect(() =>
      parseConfig({
        FOLIO_AUTH: 'accounts',
        FOLIO_AUTH_SECRET: secret,
        FOLIO_OIDC_ISSUER: 'https://id.example.com',
      }),
    ).toThrow(/set all three, or none/);
  });

  it('reads the OpenID Connect provider and how people sign up', () => {
    const config = parseConfig({
      FOLIO_AUTH: 'accounts',
      FOLIO_AUTH_SECRET: secret,
      FOLIO_SIGN_UP: 'open',
      FOLIO_OIDC_ISSUER: 'https://id.example.com/realms/team',
      FOLIO_OIDC_CLIENT_ID: 'folio',
      FOLIO_OIDC_CLIENT_SECRET: 'shh',
      FOLIO_OIDC_NAME: 'Team ID',
    });
    expect(config.accounts).toEqual({
      secret,
      signUp: 'open',
      oidc: {
        issuer: 'https://id.example.com/realms/team',
        clientId: 'folio',
        clientSecret: 'shh',
        name: 'Team ID',
      },
    });
  });
});
