/**
 * The SQLite backend (the default): one database file and a folder of originals in the data
 * folder. Everything SQLite-specific stays in here: the write lock and how the server's thread
 * waits for it (transactions.ts), the write-ahead log's checkpoints (wal-checkpoints.ts), the
 * pacing of synchronous steps on the server's thread (pacing.ts) and Folio's BM25 index.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { guarded } from '../errors';
import { createSearchIndex } from '../search/index';
import type { OpenOptions, Storage } from '../storage';
import { indexQueuedDocuments } from './backfill';
import { sqliteChats } from './chats';
import { databaseFile, openDatabase } from './client';
import type { SqliteContext } from './context';
import { sqliteDocuments } from './documents';
import { sqliteFiles } from './files';
import { sqliteJobs } from './jobs';
import { sqliteMessages } from './messages';
import { beforeHeavyStep } from './pacing';
import { sqliteSearch } from './search';
import { transactions } from './transactions';
import { startWalCheckpoints } from './wal-checkpoints';

export async function openSqlite(
  { dataDir }: { dataDir: string },
  { role = 'server' }: OpenOptions,
): Promise<Storage> {
  const file = databaseFile(dataDir);
  // The server's thread never sleeps on the write lock; a reader's thread may.
  const waitsAsleep = role === 'reader';
  const db = openDatabase(file, { waitsAsleep });
  const context: SqliteContext = {
    db,
    tx: transactions(db, { waitsAsleep }),
    index: createSearchIndex(db.$client),
    paced:
      role === 'server'
        ? async (step) => {
            await beforeHeavyStep();
            return step();
          }
        : async (step) => step(),
    filePath: (sha256) => path.join(dataDir, 'files', sha256.slice(0, 2), sha256),
  };
  let checkpointer: Worker | undefined;
  if (role === 'server') {
    checkpointer = startWalCheckpoints(file);
    const indexed = await indexQueuedDocuments(context);
    if (indexed > 0) console.warn(`Indexed ${indexed} document(s) into the new search index.`);
  }
  return {
    backend: 'sqlite',
    documents: guarded(sqliteDocuments(context)),
    jobs: guarded(sqliteJobs(context)),
    files: guarded(sqliteFiles(context)),
    search: guarded(sqliteSearch(context)),
    chats: guarded(sqliteChats(context)),
    messages: guarded(sqliteMessages(context)),
    async close() {
      await checkpointer?.terminate();
      db.$client.close();
    },
  };
}
