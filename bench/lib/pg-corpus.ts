import pg from 'pg';
import { createPgSearchIndex } from '../../db/postgres/search/index';
import * as searchSchema from '../../db/postgres/search/schema';
import type { PassageInput } from '../../db/search/changes';
import { createTables } from '../../tests/support/pg-tables';
import type { ThrowawayPostgres } from '../../tests/support/postgres';
import { addToPgFts, createPgFtsTable } from './pg-fts-baseline';
import { timedAsync } from './stats';

export type PgCorpus = {
  pool: pg.Pool;
  /** Build time and size on disk of Folio's BM25 tables and of the tsvector baseline. */
  folio: { buildMs: number; bytes: number };
  fts: { buildMs: number; bytes: number };
};

const FOLIO_TABLES = ['search_blocks', 'search_passages', 'search_terms', 'search_stats'];

async function tableBytes(pool: pg.Pool, tables: string[]): Promise<number> {
  const { rows } = await pool.query<{ bytes: number }>(
    'SELECT sum(pg_total_relation_size(t))::float8 AS bytes FROM unnest($1::regclass[]) AS t',
    [tables],
  );
  return rows[0].bytes;
}

/**
 * A database holding the corpus in both Postgres engines, built unless a complete build is
 * there already (a build records its times only once it is done; anything else is dropped).
 */
export async function openPgCorpus(
  server: ThrowawayPostgres,
  name: string,
  batches: () => Iterable<PassageInput[]>,
): Promise<PgCorpus> {
  const admin = new pg.Pool({ connectionString: server.url, max: 1 });
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 1) {
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const built = await pool
        .query<{ engine: string; ms: number }>('SELECT engine, ms FROM bench_build')
        .catch(() => undefined);
      if (built?.rowCount === 2) {
        const ms = new Map(built.rows.map((r) => [r.engine, r.ms]));
        return {
          pool,
          folio: { buildMs: ms.get('folio')!, bytes: await tableBytes(pool, FOLIO_TABLES) },
          fts: { buildMs: ms.get('fts')!, bytes: await tableBytes(pool, ['passages_fts']) },
        };
      }
      await pool.end();
      await admin.query(`DROP DATABASE "${name}"`);
    }
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await createTables(pool, searchSchema);
  await createPgFtsTable(pool);
  const index = createPgSearchIndex(pool);
  let folioMs = 0;
  let ftsMs = 0;
  for (const batch of batches()) {
    folioMs += (
      await timedAsync(async () => {
        const tx = await pool.connect();
        try {
          await tx.query('BEGIN');
          await index.add(tx, batch);
          await tx.query('COMMIT');
        } finally {
          tx.release();
        }
      })
    ).ms;
    ftsMs += (await timedAsync(() => addToPgFts(pool, batch))).ms;
  }
  await pool.query('VACUUM ANALYZE');
  await pool.query('CREATE TABLE bench_build (engine text PRIMARY KEY, ms float8 NOT NULL)');
  await pool.query("INSERT INTO bench_build VALUES ('folio', $1), ('fts', $2)", [folioMs, ftsMs]);
  return {
    pool,
    folio: { buildMs: folioMs, bytes: await tableBytes(pool, FOLIO_TABLES) },
    fts: { buildMs: ftsMs, bytes: await tableBytes(pool, ['passages_fts']) },
  };
}
