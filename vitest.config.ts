import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@': fileURLToPath(new URL('.', import.meta.url)) };

/**
 * The integration suite runs once per storage backend: the same files, with FOLIO_TEST_BACKEND
 * telling tests/support/server.ts which one each server keeps its library in. Files named
 * sqlite-* or postgres-* test what only that backend has, and program/ touches no storage:
 * those run once.
 */
const integration = (
  backend: 'sqlite' | 'postgres',
  exclude: string[] = [],
  { name = `integration:${backend}`, include = ['tests/integration/**/*.test.ts'] } = {},
) => ({
  resolve: { alias },
  test: {
    name,
    include,
    exclude,
    env: { FOLIO_TEST_BACKEND: backend },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    // One throwaway PostgreSQL for the whole run (its URL in FOLIO_TEST_POSTGRES_URL).
    globalSetup: ['tests/support/postgres-setup.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      integration('sqlite', [
        'tests/integration/postgres-*.test.ts',
        'tests/integration/shared-data.test.ts',
      ]),
      // Reading every shared document is minutes of OCR and parsing, all of it in readers at the
      // lowest priority: run beside the two backends' files, it takes the cores they leave over.
      integration('sqlite', [], {
        name: 'integration:shared-data',
        include: ['tests/integration/shared-data.test.ts'],
      }),
      integration('postgres', [
        'tests/integration/sqlite-*.test.ts',
        'tests/integration/program/**',
        // Hybrid search needs vectors: on PostgreSQL, pgvector, which Debian 12 does not package.
        // postgres-start.test.ts checks what Folio does without it.
        'tests/integration/hybrid-search.test.ts',
        // Reading every shared document (minutes of OCR) does not depend on where the library
        // is kept; storing what a reading found is tested on both backends by the other files.
        'tests/integration/shared-data.test.ts',
      ]),
    ],
  },
});
