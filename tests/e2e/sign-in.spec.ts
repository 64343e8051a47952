import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { startFolio } from '../support/server';
import { startTlsProxy } from '../support/tls-proxy';
import { expect, screenshots, test } from './support/fixtures';

/**
 * Signing in with FOLIO_PASSWORD, in Chromium: sign-in sends a person on only to a page of
 * Folio, and the session cookie set over https never reaches another service on the same host.
 */

/** Another service on the same host: it records the cookies browsers send it. */
let elsewhere: http.Server;
const cookiesSeenElsewhere: string[] = [];
let elsewherePort: number;

test.beforeAll(async () => {
  elsewhere = http.createServer((req, res) => {
    cookiesSeenElsewhere.push(req.headers.cookie ?? '');
    res.end('Another service.');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewherePort = (elsewhere.address() as AddressInfo).port;
});
test.afterAll(async () => {
  elsewhere.closeAllConnections();
  await new Promise((resolve) => elsewhere.close(resolve));
});

test('sign-in goes on to the page asked for, and never to another site', async ({
  browser,
}, testInfo) => {
  const folio = await startFolio({ env: { FOLIO_PASSWORD: 'correct horse' } });
  try {
    const targets = [
      `/%5C127.0.0.1:${elsewherePort}/x`, // a browser reads /\host as //host
      `/%09/127.0.0.1:${elsewherePort}/x`, // and drops a tab
      `//127.0.0.1:${elsewherePort}/x`,
    ];
    for (const next of targets) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const shot = screenshots(page, testInfo);
      await page.goto(`${folio.url}/sign-in?next=${next}`);
      await page.getByLabel('Password').fill('correct horse');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('complementary', { name: 'Chats and documents' })).toBeVisible();
      expect(page.url(), next).toBe(`${folio.url}/`);
      await shot('signed-in');
      await context.close();
    }
    expect(cookiesSeenElsewhere).toEqual([]); // Chromium never went there
  } finally {
    await folio.stop();
  }
});

test('over https, the session cookie is not sent to a plain-http service on another port', async ({
  page: _page,
}, testInfo) => {
  // A real host name (not localhost, which browsers trust with Secure cookies over plain http),
  // resolved to loopback by Chromium itself.
  const hostName = 'folio.test';
  const folio = await startFolio({
    env: {
      FOLIO_PASSWORD: 'correct horse',
      FOLIO_TRUSTED_PROXIES: '127.0.0.1',
      FOLIO_PUBLIC_URL: `https://${hostName}`,
    },
  });
  const proxy = await startTlsProxy(folio.url, hostName);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [`--host-resolver-rules=MAP ${hostName} 127.0.0.1`],
  });
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    const shot = screenshots(page, testInfo);
    await page.goto(`https://${hostName}:${proxy.port}/sign-in`);
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('complementary', { name: 'Chats and documents' })).toBeVisible();
    await shot('signed-in-over-https');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.secure, c.httpOnly])).toEqual([
      ['__Host-folio_session', true, true],
    ]);

    cookiesSeenElsewhere.length = 0;
    await page.goto(`http://${hostName}:${elsewherePort}/`);
    await expect(page.getByText('Another service.')).toBeVisible();
    expect(cookiesSeenElsewhere.length).toBeGreaterThan(0);
    expect(cookiesSeenElsewhere.filter((cookie) => cookie.includes('folio_session'))).toEqual([]);
  } finally {
    await browser.close();
    await proxy.close();
    await folio.stop();
  }
});
