/**
 * The PostgreSQL backend (FOLIO_DATABASE_URL): documents, passages, the search index, chats,
 * messages, sources and the original files' bytes, all in one database reached through a pool
 * of node-postgres connections, so that nothing but the database is needed beside the app.
 *
 * Several instances may share the database: each holds a lease on the answers it writes and the
 * documents it reads (instances), takes documents from the queue under row locks (jobs.ts), and
 * hears of every document queued through LISTEN/NOTIFY (queued-notices.ts).
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { guarded, hasCode } from '../errors';
import type { OpenOptions, Storage } from '../storage';
import { pgChats } from './chats';
import { openPool } from './client';
import { pgChatOwners, pgCollections } from './collections';
import type { PgContext } from './context';
import { pgDocuments } from './documents';
import { pgFiles } from './files';
import { pgInstances } from './instances';
import { pgJobs } from './jobs';
import { pgMessages } from './messages';
import { pgAuthDatabase, pgInvitations, pgPeople } from './people';
import { QueuedListener } from './queued-notices';
import { pgSearch } from './search';
import { createPgSearchIndex } from './search/index';
import { pgSessions } from './sessions';
import { pgShareLinks } from './share-links';
import { storableArgs } from './storable';
import { createPgVectorIndex } from './vectors';

/**
 * Connections per process: the server's requests, or a reader's few writes. The server's one
 * thread handles every result, so more statements at once than a few only queue: when a crowd
 * of questions arrives together, each connection busy is a PostgreSQL process wanting a core
 * while the answers already streaming wait for theirs (bench:load on PostgreSQL: the token delay
 * while questions start halved from 10 connections to 4, time to first token unchanged).
 */
const poolSize = { server: 4, reader: 2 };

/** SQLSTATE 53100, disk_full: the server could not extend a table or index. */
const diskFullCodes = new Set(['53100']);
const isDiskFull = (error: unknown) => hasCode(error, diskFullCodes);

export async function openPostgres(
  { url }: { url: string },
  { role = 'server' }: OpenOptions,
): Promise<Storage> {
  const pool = await openPool(url, { max: poolSize[role] });
  const vectors = createPgVectorIndex(pool);
  const context: PgContext = {
    db: drizzle({ client: pool }),
    pool,
    index: createPgSearchIndex(pool),
    vectors,
    vectorSupport: await vectors.support(),
  };
  const queued = new QueuedListener(url);
  const concern = <T extends object>(c: T) => guarded(c, { isDiskFull, prepare: storableArgs });
  return {
    backend: 'postgres',
    documents: concern(pgDocuments(context)),
    jobs: concern(pgJobs(context, queued)),
    files: concern(pgFiles(context)),
    search: concern(pgSearch(context)),
    chats: concern(pgChats(context)),
    messages: concern(pgMessages(context)),
    sessions: concern(pgSessions(context)),
    instances: concern(pgInstances(context)),
    authDatabase: pgAuthDatabase(context),
    people: concern(pgPeople(context)),
    invitations: concern(pgInvitations(context)),
    collections: concern(pgCollections(context)),
    chatOwners: concern(pgChatOwners(context)),
    shareLinks: concern(pgShareLinks(context)),
    async close() {
      await queued.close();
      await pool.end();
    },
  };
}
