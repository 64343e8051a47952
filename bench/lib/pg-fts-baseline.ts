import type { Pool } from 'pg';
import type { PassageInput } from '../../db/search/changes';
import { MAX_QUERY_TERMS } from '../../db/search/query';

/**
 * PostgreSQL's own full-text search, the engine Folio's BM25 tables in Postgres are measured
 * against: a tsvector of each passage (the `english` configuration) with a GIN index, asked the
 * OR of the query's lexemes and ranked by ts_rank_cd, ties to the lower id. The query text only
 * ever goes through to_tsvector; the tsquery is assembled from the lexemes it returns, each one
 * quoted (a quote doubled, a backslash escaped), so no input is read as tsquery syntax; NUL,
 * which Postgres text cannot hold, reads as a space. Like Folio's index it keeps no copy of the
 * text.
 *
 * Folio does not search with it: ts_rank_cd weighs no term by its rarity and does not saturate
 * repeated terms, so it ranks the passage that answers lower than BM25 does; and it scores every
 * passage that matches any query term, with no bound to stop early, so its cost grows with the
 * corpus. eval:retrieval and bench:search -- --backend postgres measure both.
 */

export async function createPgFtsTable(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS passages_fts (
      id bigint PRIMARY KEY,
      document_id text NOT NULL,
      tsv tsvector NOT NULL
    );
    CREATE INDEX IF NOT EXISTS passages_fts_tsv ON passages_fts USING gin (tsv);
    CREATE INDEX IF NOT EXISTS passages_fts_document ON passages_fts (document_id);`);
}

export async function addToPgFts(pool: Pool, passages: readonly PassageInput[]): Promise<void> {
  await pool.query(
    `INSERT INTO passages_fts (id, document_id, tsv)
     SELECT id, document_id, to_tsvector('english', text)
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS p(id, document_id, text)`,
    [passages.map((p) => p.id), passages.map((p) => p.documentId), passages.map((p) => p.text)],
  );
}

/** The OR of the first MAX_QUERY_TERMS distinct lexemes of $1, or NULL when it has none. */
const QUERY = `(SELECT string_agg(
    '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
  FROM (SELECT lexeme FROM unnest(to_tsvector('english', $1))
        ORDER BY positions[1] LIMIT ${MAX_QUERY_TERMS}) AS lexemes)`;

export type PgFtsSearch = (
  query: string,
  k: number,
  documentIds?: readonly string[],
) => Promise<{ id: number; score: number }[]>;

export function pgFtsSearch(pool: Pool): PgFtsSearch {
  return async (query, k, documentIds) => {
    const { rows } = await pool.query<{ id: number; score: number }>(
      `SELECT id::float8 AS id, ts_rank_cd(tsv, q.query) AS score
       FROM passages_fts, ${QUERY} AS q(query)
       WHERE tsv @@ q.query ${documentIds ? 'AND document_id = ANY($3::text[])' : ''}
       ORDER BY score DESC, id LIMIT $2`,
      [query.replaceAll('\0', ' '), k, ...(documentIds ? [documentIds] : [])],
    );
    return rows;
  };
}
