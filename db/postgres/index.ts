/**
 * The PostgreSQL backend (FOLIO_DATABASE_URL): documents, passages, the search index, chats,
 * messages, sources and the original files' bytes, all in one database reached through a pool
 * of node-postgres connections, so that nothing but the database is needed beside the app.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { guarded } from '../errors';
import type { OpenOptions, Storage } from '../storage';
import { pgChats } from './chats';
import { openPool } from './client';
import type { PgContext } from './context';
import { pgDocuments } from './documents';
import { pgFiles } from './files';
import { pgJobs } from './jobs';
import { pgMessages } from './messages';
import { pgSearch } from './search';
import { createPgSearchIndex } from './search/index';
import { storableArgs } from './storable';
import { createPgVectorIndex } from './vectors';

/** Connections per process: the server's requests, or a reader's few writes. */
const poolSize = { server: 10, reader: 2 };

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
  const concern = <T extends object>(c: T) => guarded(c, storableArgs);
  return {
    backend: 'postgres',
    documents: concern(pgDocuments(context)),
    jobs: concern(pgJobs(context)),
    files: concern(pgFiles(context)),
    search: concern(pgSearch(context)),
    chats: concern(pgChats(context)),
    messages: concern(pgMessages(context)),
    close: () => pool.end(),
  };
}
