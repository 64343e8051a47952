/**
 * The test runners' global set-up (vitest.config.ts, playwright.config.ts): one throwaway
 * PostgreSQL for the whole run, its URL in FOLIO_TEST_POSTGRES_URL for the tests, which make a
 * database of their own on it for each library; removed when the run ends.
 */
import { startPostgres } from './postgres';

export default async function setUp() {
  const postgres = await startPostgres();
  process.env.FOLIO_TEST_POSTGRES_URL = postgres.url;
  return () => postgres.stop();
}
