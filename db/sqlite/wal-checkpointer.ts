/**
 * The thread that copies the write-ahead log into the database file (see wal-checkpoints.ts).
 * PASSIVE: it never waits for, or blocks, a reader or a writer; what it cannot copy now, because
 * a reader still needs it, it copies on a later round.
 */

import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const everyMs = 1000;

const db = new Database(workerData.file as string);

setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Another checkpoint in progress (SQLITE_BUSY) is the only expected failure: next round.
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') {
      console.error('Could not copy the write-ahead log into the database:', error);
    }
  }
}, everyMs);
