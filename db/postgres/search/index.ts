/**
 * Lexical search inside PostgreSQL: its full-text search, each passage's lexemes in a GIN index,
 * ranked by ts_rank_cd. A query matches passages with any of its words. Any text is a safe query:
 * plainto_tsquery only ever reads it as words.
 */
import type pg from 'pg';
import type { PassageInput, ScoredPassage } from '../../search/index';

export interface PgSearchIndex {
  /** Indexes passages inside the caller's open transaction (a node-postgres client in BEGIN). */
  add(tx: pg.PoolClient, passages: readonly PassageInput[]): Promise<void>;
  /** Removes a document's passages inside the caller's transaction; returns how many. */
  remove(tx: pg.PoolClient, documentId: string): Promise<number>;
  /** Exact top k, best first, ties to the lower id; any text is a safe query. */
  search(
    query: string,
    options: { k: number; documentIds?: readonly string[] },
  ): Promise<ScoredPassage[]>;
}

export function createPgSearchIndex(pool: pg.Pool): PgSearchIndex {
  return {
    async add(tx, passages) {
      if (passages.length === 0) return;
      await tx.query(
        `INSERT INTO search_passages (chunk_id, document_id, lexemes)
         SELECT id, document_id, to_tsvector('english', text)
         FROM unnest($1::int[], $2::text[], $3::text[]) AS p(id, document_id, text)`,
        [passages.map((p) => p.id), passages.map((p) => p.documentId), passages.map((p) => p.text)],
      );
    },
    async remove(tx, documentId) {
      const { rowCount } = await tx.query('DELETE FROM search_passages WHERE document_id = $1', [
        documentId,
      ]);
      return rowCount ?? 0;
    },
    async search(query, { k, documentIds }) {
      const limit = Math.floor(k);
      if (!(limit >= 1) || documentIds?.length === 0) return [];
      // plainto_tsquery joins the words with AND; any of them should match, as in BM25.
      const { rows } = await pool.query<{ id: number; score: number }>({
        name: documentIds ? 'search-in-documents' : 'search',
        text: `WITH q AS (
                 SELECT replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery AS q
               )
               SELECT chunk_id AS id, ts_rank_cd(lexemes, q.q)::float8 AS score
               FROM search_passages, q
               WHERE lexemes @@ q.q ${documentIds ? 'AND document_id = ANY($3)' : ''}
               ORDER BY score DESC, chunk_id
               LIMIT $2`,
        values: documentIds ? [query, limit, documentIds] : [query, limit],
      });
      return rows;
    },
  };
}
