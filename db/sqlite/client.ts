import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as sqliteVec from 'sqlite-vec';
import * as accountsSchema from './accounts-schema';
import * as librarySchema from './schema';

const schema = { ...librarySchema, ...accountsSchema };

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = path.join(process.cwd(), 'db', 'sqlite', 'migrations');

/**
 * How long a write waits for another connection's write to end. Document readers write from
 * their own threads; a large document's transaction can take seconds, and the others wait for
 * it rather than fail.
 */
export const busyTimeoutMs = 30_000;

/** The database file in a data folder. */
export const databaseFile = (dataDir: string) => path.join(dataDir, 'folio.db');

/**
 * Opens the database file, applying migrations. `waitsAsleep`: whether this connection may
 * sleep in SQLite's busy handler while another holds the write lock (a reader thread may; the
 * server's thread must not, and its writes wait between tries instead: transactions.ts).
 */
export function openDatabase(file: string, { waitsAsleep }: { waitsAsleep: boolean }): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqliteVec.load(sqlite);
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder });
  if (!waitsAsleep) sqlite.pragma('busy_timeout = 0');
  // Commits never copy the write-ahead log into the database: a thread of its own does
  // (wal-checkpoints.ts).
  sqlite.pragma('wal_autocheckpoint = 0');
  return db;
}
