import Database from 'better-sqlite3';
import pg from 'pg';
import { createPgSearchIndex } from '../../db/postgres/search/index';
import * as searchSchema from '../../db/postgres/search/schema';
import { createSearchIndex, type PassageInput } from '../../db/search/index';
import { createTables } from '../../tests/support/pg-tables';
import { inTransaction } from '../../tests/support/pg-transaction';
import { startPostgres } from '../../tests/support/postgres';
import { addToPgFts, createPgFtsTable, pgFtsSearch } from './pg-fts-baseline';
import type { Span } from './retrieval-metrics';
import { timedAsync } from './stats';

export type EngineRun = {
  label: string;
  /** Each question's passages, best first. */
  results: Span[][];
  /** Each question's search time in process, in milliseconds. */
  latencies: number[];
};

/**
 * The same passages in each search engine Folio can run on PostgreSQL, beside its SQLite
 * engine in the same process, each asked every question: Folio's BM25 in SQLite, the same
 * BM25 in Postgres tables (which must rank exactly as SQLite does), and Postgres's own
 * full-text search. A throwaway PostgreSQL server holds the Postgres ones.
 */
export async function compareEngines(
  passages: ReadonlyArray<Span & { text: string }>,
  questions: readonly string[],
  k: number,
): Promise<EngineRun[]> {
  const inputs: PassageInput[] = passages.map((p, i) => ({
    id: i + 1,
    documentId: `doc-${p.doc}`,
    text: p.text,
  }));
  const spanOf = (id: number): Span => {
    const { doc, start, end } = passages[id - 1];
    return { doc, start, end };
  };
  const server = await startPostgres();
  const pool = new pg.Pool({ connectionString: await server.createDatabase(), max: 2 });
  try {
    await createTables(pool, searchSchema);
    await createPgFtsTable(pool);
    const pgIndex = createPgSearchIndex(pool);
    await inTransaction(pool, (tx) => pgIndex.add(tx, inputs));
    await addToPgFts(pool, inputs);
    await pool.query('VACUUM ANALYZE');
    const db = new Database(':memory:');
    const sqlite = createSearchIndex(db);
    db.transaction(() => sqlite.add(inputs))();
    const searchPgFts = pgFtsSearch(pool);
    const engines: Array<[string, (q: string) => Promise<{ id: number }[]>]> = [
      ['Folio on SQLite', async (q) => sqlite.search(q, { k })],
      ['Folio on Postgres', (q) => pgIndex.search(q, { k })],
      ['Postgres FTS (ts_rank_cd)', (q) => searchPgFts(q, k)],
    ];
    const runs: EngineRun[] = [];
    for (const [label, search] of engines) {
      for (const q of questions.slice(0, 50)) await search(q); // warm up
      const results: Span[][] = [];
      const latencies: number[] = [];
      for (const q of questions) {
        const { ms, result } = await timedAsync(() => search(q));
        latencies.push(ms);
        results.push(result.map((r) => spanOf(r.id)));
      }
      runs.push({ label, results, latencies });
    }
    db.close();
    return runs;
  } finally {
    await pool.end();
    await server.stop();
  }
}
