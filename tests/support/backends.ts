/**
 * The storage backends the tests run against: SQLite in a temporary data folder, and PostgreSQL
 * in a new database on the throwaway server that the test set-up starts (postgres-setup.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStorage, type Storage, type StorageSettings } from '@/db';

export const backends = ['sqlite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

/** The backend a test runs on when it does not say: FOLIO_TEST_BACKEND, or SQLite. */
export function defaultBackend(): Backend {
  return process.env.FOLIO_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

/** The throwaway server's superuser URL, which the set-up puts in the environment. */
function serverUrl(): string {
  const url = process.env.FOLIO_TEST_POSTGRES_URL;
  if (!url) throw new Error('No test PostgreSQL: run the tests through their set-up (npm test).');
  return url;
}

/** A new, empty database on the test server, and its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `folio_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client(serverUrl());
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Settings for a new, empty library on the backend. */
export async function freshSettings(backend: Backend): Promise<StorageSettings> {
  return backend === 'postgres'
    ? { backend, url: await createTestDatabase() }
    : { backend, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'folio-test-')) };
}

/** A new, empty library on the backend, opened as the server opens it. */
export async function openTestStorage(backend: Backend): Promise<Storage> {
  return openStorage(await freshSettings(backend));
}
