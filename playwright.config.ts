import { defineConfig, devices } from '@playwright/test';

/**
 * `npm run test:e2e` runs the suite on SQLite, then the whole of it with
 * FOLIO_TEST_BACKEND=postgres on a throwaway PostgreSQL (tests/support/postgres-setup.ts), its
 * results kept apart.
 */
const onPostgres = process.env.FOLIO_TEST_BACKEND === 'postgres';

export default defineConfig({
  testDir: './tests/e2e',
  // What only the browser decides (following the system's theme, hostile text kept inert, the
  // 390 px layout) is checked once, in the PostgreSQL run, which runs every spec.
  testIgnore: onPostgres ? [] : ['appearance.spec.ts', 'hostile-content.spec.ts', 'mobile.spec.ts'],
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
