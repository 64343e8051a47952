import type pg from 'pg';
import type { PgDb } from './client';
import type { PgSearchIndex } from './search/index';

/** What the PostgreSQL backend's concerns share: the pool and the search index in it. */
export interface PgContext {
  db: PgDb;
  pool: pg.Pool;
  index: PgSearchIndex;
}
