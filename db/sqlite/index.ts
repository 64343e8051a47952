/**
 * The SQLite backend (the default): one database file and a folder of originals in the data
 * folder. Everything SQLite-specific stays in here: the data folder taken by one server at a
 * time (data-folder-lock.ts), the write lock and how the server's thread waits for it
 * (transactions.ts), the write-ahead log's checkpoints (wal-checkpoints.ts), the pacing of
 * synchronous steps on the server's thread (pacing.ts) and Folio's BM25 index.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { guarded, hasCode } from '../errors';
import { createSearchIndex } from '../search/index';
import type { OpenOptions, Storage } from '../storage';
import { indexQueuedDocuments } from './backfill';
import { sqliteChats } from './chats';
import { databaseFile, openDatabase } from './client';
import { sqliteChatOwners, sqliteCollections } from './collections';
import type { SqliteContext } from './context';
import { lockDataFolder } from './data-folder-lock';
import { sqliteDocuments } from './documents';
import { sqliteFiles } from './files';
import { sqliteInstances } from './instances';
import { sqliteJobs } from './jobs';
import { sqliteMessages } from './messages';
import { beforeHeavyStep } from './pacing';
import { sqliteAuthDatabase, sqliteInvitations, sqlitePeople } from './people';
import { sqliteSearch } from './search';
import { sqliteSessions } from './sessions';
import { sqliteShareLinks } from './share-links';
import { transactions } from './transactions';
import { startWalCheckpoints } from './wal-checkpoints';

/** The file system's codes for a full disk or quota (the originals), and SQLite's. */
const diskFullCodes = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const isDiskFull = (error: unknown) => hasCode(error, diskFullCodes);

export async function openSqlite(
  { dataDir }: { dataDir: string },
  { role = 'server' }: OpenOptions,
): Promise<Storage> {
  // The server takes the folder before it touches the database; its readers work for it.
  const releaseFolder = role === 'server' ? lockDataFolder(dataDir) : undefined;
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
  const concern = <T extends object>(c: T) => guarded(c, { isDiskFull });
  return {
    backend: 'sqlite',
    documents: concern(sqliteDocuments(context)),
    jobs: concern(sqliteJobs(context)),
    files: concern(sqliteFiles(context)),
    search: concern(sqliteSearch(context)),
    chats: concern(sqliteChats(context)),
    messages: concern(sqliteMessages(context)),
    sessions: concern(sqliteSessions(context)),
    instances: concern(sqliteInstances(context)),
    authDatabase: sqliteAuthDatabase(context),
    people: concern(sqlitePeople(context)),
    invitations: concern(sqliteInvitations(context)),
    collections: concern(sqliteCollections(context)),
    chatOwners: concern(sqliteChatOwners(context)),
    shareLinks: concern(sqliteShareLinks(context)),
    async close() {
      await checkpointer?.terminate();
      db.$client.close();
      releaseFolder?.();
    },
  };
}
