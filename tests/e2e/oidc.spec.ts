import { accountsEnv } from '../support/accounts';
import { type OidcProvider, startOidcProvider, unverifiedLogin } from '../support/oidc-provider';
import { freePort } from '../support/ports';
import { type FolioServer, startFolio } from '../support/server';
import { expect, screenshots, test } from './support/fixtures';

/**
 * Signing in with OpenID Connect, in Chromium, through a real provider (oidc-provider) found by
 * discovery, with PKCE: the first person becomes admin; a second, invited, signs in as member;
 * someone not invited is turned away, and so is an email address the provider has not verified
 * that an invitation or an account has.
 */
let folio: FolioServer;
let provider: OidcProvider;

test.beforeAll(async () => {
  const port = await freePort();
  folio = await startFolio({
    env: {
      ...accountsEnv,
      FOLIO_OIDC_ISSUER: `http://127.0.0.1:${port}`,
      FOLIO_OIDC_CLIENT_ID: 'folio',
      FOLIO_OIDC_CLIENT_SECRET: 'folio-client-secret-for-tests',
      FOLIO_OIDC_NAME: 'Test ID',
    },
  });
  provider = await startOidcProvider(port, `${folio.url}/api/auth/callback/oidc`);
});
test.afterAll(async () => {
  await folio?.stop();
  await provider?.close();
});

/**
 * Signs in through the provider: its sign-in and consent pages the first time; after that the
 * provider remembers the person and sends them straight back to Folio.
 */
async function signInWithProvider(page: import('@playwright/test').Page, login: string) {
  await page.goto(`${folio.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign in with Test ID' }).click();
  // The provider's pages, or back at Folio: signed in, or at sign-in with why not.
  await page.waitForURL(
    (url) =>
      url.pathname.startsWith('/interaction/') ||
      (url.origin === folio.url &&
        !url.pathname.startsWith('/api/auth/') &&
        `${url.pathname}${url.search}` !== '/sign-in'),
  );
  if (!page.url().includes('/interaction/')) return;
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === folio.url && !url.pathname.startsWith('/api/'));
}

test('the first person to sign in with the provider is admin; an invited second is a member', async ({
  browser,
}, testInfo) => {
  const first = await (await browser.newContext()).newPage();
  const shot = screenshots(first, testInfo);
  await first.goto(`${folio.url}/sign-in`);
  await shot('sign-in-with-provider');
  await signInWithProvider(first, 'ada');
  await expect(first.getByText('ada@example.com · admin')).toBeVisible();
  await shot('admin-signed-in');

  // Nobody invited Bob yet: the provider vouches for him, but Folio does not let him in.
  const second = await (await browser.newContext()).newPage();
  const shotSecond = screenshots(second, testInfo);
  await signInWithProvider(second, 'bob');
  await expect(second).toHaveURL(/\/sign-in/);
  await expect(second.getByText('Folio is open to invited people only')).toBeVisible();
  await shotSecond('not-invited');
  await expect(second.getByRole('navigation', { name: 'Account' })).toHaveCount(0);

  await first.getByRole('link', { name: 'People' }).click();
  await first.getByLabel('Email').fill('bob@example.com');
  await first.getByRole('button', { name: 'Invite' }).click();
  await expect(first.getByLabel('Invitation link')).toBeVisible();

  await signInWithProvider(second, 'bob');
  await expect(second.getByText('bob@example.com', { exact: true })).toBeVisible();
  await expect(second.getByText('bob@example.com · admin')).toHaveCount(0);
  await expect(second.getByRole('link', { name: 'People' })).toHaveCount(0);
  await shotSecond('member-signed-in');
  await first.reload();
  const bob = first.getByRole('listitem').filter({ hasText: 'bob@example.com' });
  await expect(bob.getByRole('combobox')).toHaveValue('member');
  await shot('people');
});

test('an email the provider has not verified takes neither an invitation nor an account', async ({
  browser,
}, testInfo) => {
  const admin = await (await browser.newContext()).newPage();
  await signInWithProvider(admin, 'ada');
  await admin.getByRole('link', { name: 'People' }).click();
  await admin.getByLabel('Email').fill('cy@example.com');
  await admin.getByRole('button', { name: 'Invite' }).click();
  await expect(admin.getByLabel('Invitation link')).toBeVisible();

  // Someone at the provider claims Cy's address, unverified: the invitation is not theirs.
  const claimant = await (await browser.newContext()).newPage();
  const shot = screenshots(claimant, testInfo);
  await signInWithProvider(claimant, `${unverifiedLogin}cy`);
  await expect(claimant).toHaveURL(/\/sign-in\?error=email_not_verified/);
  await expect(
    claimant.getByText('Your provider has not verified your email address'),
  ).toBeVisible();
  await expect(claimant.getByRole('navigation', { name: 'Account' })).toHaveCount(0);
  await shot('unverified-invitation');

  // Nor is Ada's account, which her verified address at the provider signs in to.
  const impostor = await (await browser.newContext()).newPage();
  await signInWithProvider(impostor, `${unverifiedLogin}ada`);
  await expect(impostor).toHaveURL(/\/sign-in\?error=account_not_linked/);
  await expect(impostor.getByText('already has a Folio account')).toBeVisible();
  await expect(impostor.getByRole('navigation', { name: 'Account' })).toHaveCount(0);

  // Nobody got in: the invitation still waits for Cy, and the people are as they were.
  await admin.reload();
  const cy = admin.getByRole('listitem').filter({ hasText: 'cy@example.com' });
  await expect(cy).toHaveCount(1);
  await expect(cy).toContainText('invited');
});
