import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as sqliteVec from 'sqlite-vec';
import { getConfig } from '@/lib/config';
import * as schema from './schema';
import { createSearchIndex, type SearchIndex } from './search/index';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/**
 * How long a write waits for another connection's write to end. Document readers write from
 * their own threads; a large document's transaction can take seconds, and the others wait for
 * it rather than fail.
 */
export const busyTimeoutMs = 30_000;

export function openDb(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqliteVec.load(sqlite);
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder });
  // The server's thread never sleeps on the write lock: its writes wait between tries instead
  // (transactions.ts), so answers keep streaming while a reader thread stores a document.
  if (isMainThread) sqlite.pragma('busy_timeout = 0');
  // Commits never copy the write-ahead log into the database: a thread of its own does
  // (wal-checkpoints.ts).
  sqlite.pragma('wal_autocheckpoint = 0');
  return db;
}

// One connection and one search index over it per process (and per reader thread); kept on
// globalThis so `next dev` reloads reuse them.
const holder = globalThis as typeof globalThis & {
  folioDb?: { db: Db; searchIndex: SearchIndex };
};

function open() {
  if (!holder.folioDb) {
    const db = openDb(path.join(getConfig().dataDir, 'folio.db'));
    holder.folioDb = { db, searchIndex: createSearchIndex(db.$client) };
  }
  return holder.folioDb;
}

export function getDb(): Db {
  return open().db;
}

/** Folio's lexical index of chunks, in the same database (db/search). */
export function getSearchIndex(): SearchIndex {
  return open().searchIndex;
}
