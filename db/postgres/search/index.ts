import type { Pool, PoolClient } from 'pg';
import type { PassageInput } from '@/db/search/changes';
import { queryTerms, type SearchOptions, searchLimit, topK } from '@/db/search/query';
import { TermCache } from '@/db/search/term-cache';
import type { ScoredPassage } from '@/db/search/top-k';
import { fetchBlocks, fetchScope, fetchStats, fetchTerms } from './reader';
import { addPassages, removeDocument } from './writer';

export type { PassageInput } from '@/db/search/changes';
export type { ScoredPassage } from '@/db/search/top-k';

/** Block headers the term cache holds at most, as on SQLite (db/search/index.ts). */
const CACHED_BLOCKS = 2 ** 21;

export interface PgSearchIndex {
  /** Indexes passages inside the caller's open transaction (a node-postgres client in BEGIN). */
  add(tx: PoolClient, passages: readonly PassageInput[]): Promise<void>;
  /** Removes a document's passages inside the caller's transaction; returns how many. */
  remove(tx: PoolClient, documentId: string): Promise<number>;
  /** Exact top k, best first, ties to the lower id; any text is a safe query. */
  search(query: string, options: SearchOptions): Promise<ScoredPassage[]>;
}

/**
 * Folio's BM25 index in PostgreSQL (tables: ./schema.ts): the SQLite engine's scores and
 * results exactly, from the same tokenizer, block format and MaxScore (db/search). A search
 * reads, in one snapshot, the index's totals, the headers of the terms it has not cached, and
 * then only the blocks that can hold a passage it may return; MaxScore runs over them in
 * memory. Changes wait for each other (writer.ts); searches never wait for changes.
 */
export function createPgSearchIndex(pool: Pool): PgSearchIndex {
  const cache = new TermCache(CACHED_BLOCKS);

  async function searchIn(
    client: PoolClient,
    terms: string[],
    options: SearchOptions,
  ): Promise<ScoredPassage[]> {
    const stats = await fetchStats(client);
    const limit = searchLimit(stats, options);
    if (limit === 0) return [];
    const missing = terms.filter((term) => cache.get(term, stats.version) === undefined);
    const loaded = await fetchTerms(client, missing, stats);
    for (const term of missing) cache.set(term, loaded.get(term) ?? null);
    const found = terms.flatMap((term) => {
      const entry = loaded.get(term) ?? cache.get(term, stats.version);
      return entry ? [entry] : [];
    });
    if (found.length === 0) return [];
    const scope = options.documentIds ? await fetchScope(client, options.documentIds) : undefined;
    const { reader, terms: fetched } = await fetchBlocks(client, found, scope);
    return topK(reader, fetched, stats, limit, scope);
  }

  return {
    add: addPassages,
    remove: removeDocument,
    async search(query, options) {
      const terms = queryTerms(query);
      if (terms.length === 0) return [];
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const results = await searchIn(client, terms, options);
        await client.query('COMMIT');
        client.release();
        return results;
      } catch (error) {
        // A connection that failed mid-transaction is closed rather than reused.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
  };
}
