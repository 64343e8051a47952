import { defineConfig, devices } from '@playwright/test';

/**
 * `npm run test:e2e` runs the suite in two parts: most specs on SQLite, then, with
 * FOLIO_TEST_BACKEND=postgres, the rest on a throwaway PostgreSQL
 * (tests/support/postgres-setup.ts), its results kept apart. Each spec runs once: the browser
 * cannot tell the backends apart, and the integration suite runs every route on both. PostgreSQL
 * takes what teams move to it for (accounts, sign-in, sharing, answers picked up after a
 * reload) and what only the browser decides (the system's theme, hostile text kept inert, the
 * 390 px layout); a new spec runs on SQLite, the default.
 */
const onPostgres = process.env.FOLIO_TEST_BACKEND === 'postgres';
const postgresSpecs = [
  'accounts.spec.ts',
  'appearance.spec.ts',
  'document-picker.spec.ts',
  'hostile-content.spec.ts',
  'mobile.spec.ts',
  'oidc.spec.ts',
  'sign-in.spec.ts',
  'stop-regenerate.spec.ts',
];

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: onPostgres ? postgresSpecs : undefined,
  testIgnore: onPostgres ? undefined : postgresSpecs,
  outputDir: onPostgres ? './test-results/postgres' : './test-results',
  globalSetup: onPostgres ? './tests/support/postgres-setup.ts' : undefined,
  timeout: 60_000,
  // Assertions wait for streamed text; on two busy cores the first tokens can take over 5 s.
  expect: { timeout: 10_000 },
  // Each spec starts its own Folio server; two cores are better spent on one browser at a time.
  workers: 1,
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The machine has no network beyond loopback; keep Chromium from trying.
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
