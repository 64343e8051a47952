import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { timed } from './stats';

export type CachedDb = { db: Database.Database; buildMs: number; bytes: number };

/**
 * Opens the database at `path`, building it first if it is not there. A build goes to a side
 * file that is renamed only once complete, so an interrupted build is never mistaken for a
 * cache; its duration is kept inside the file for later runs to report.
 */
export function openCachedDb(path: string, build: (db: Database.Database) => void): CachedDb {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.building`;
    rmSync(partial, { force: true });
    const db = new Database(partial);
    // Bulk loading: durability is pointless for a file that is rebuilt if anything goes wrong.
    // (better-sqlite3's defensive mode refuses journal_mode = OFF; MEMORY is the next best.)
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    const { ms } = timed(() => build(db));
    db.exec('CREATE TABLE bench_build (ms REAL NOT NULL)');
    db.prepare('INSERT INTO bench_build (ms) VALUES (?)').run(ms);
    db.close();
    renameSync(partial, path);
  }
  const db = new Database(path);
  const buildMs = db.prepare<[], number>('SELECT ms FROM bench_build').pluck().get()!;
  return { db, buildMs, bytes: statSync(path).size };
}
