import type { SearchIndex } from '../search/index';
import type { Db } from './client';
import type { Transactions } from './transactions';

/** What the SQLite backend's concerns share: one connection and how to use it. */
export interface SqliteContext {
  db: Db;
  tx: Transactions;
  /** Folio's BM25 index of passages, in the same database (db/search). */
  index: SearchIndex;
  /**
   * Runs a heavy synchronous step in a turn of the event loop of its own on the server's thread
   * (pacing.ts); at once on a reader's.
   */
  paced<T>(step: () => T | Promise<T>): Promise<T>;
  /** Where a document's original bytes are kept: named by their SHA-256, never by the upload. */
  filePath(sha256: string): string;
}
