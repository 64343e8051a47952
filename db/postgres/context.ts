import type pg from 'pg';
import type { PgDb } from './client';
import type { PgSearchIndex } from './search/index';
import type { PgVectorIndex, VectorSupport } from './vectors';

/** What the PostgreSQL backend's concerns share: the pool, and the indexes in it. */
export interface PgContext {
  db: PgDb;
  pool: pg.Pool;
  index: PgSearchIndex;
  /** Passages' embeddings (pgvector), when `vectorSupport` says the server has it. */
  vectors: PgVectorIndex;
  vectorSupport: VectorSupport;
}
