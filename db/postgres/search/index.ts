import type { Pool, PoolClient } from 'pg';
import type { PassageInput } from '@/db/search/changes';
import { queryTerms, type SearchOptions, searchLimit, topK } from '@/db/search/query';
import { type QueryTerm, TermCache } from '@/db/search/term-cache';
import type { ScoredPassage } from '@/db/search/top-k';
import { fetchBlocks, fetchScope, fetchTerms, fetchWhole } from './reader';
import { addPassages, removeDocument } from './writer';

export type { PassageInput } from '@/db/search/changes';
export type { ScoredPassage } from '@/db/search/top-k';

/** Block headers the term cache holds at most, as on SQLite (db/search/index.ts). */
const CACHED_BLOCKS = 2 ** 21;

/**
 * Searches read without a transaction, each read returning the version it saw; when a change
 * commits between two reads, the search starts again, at most this many times before it
 * reads inside one snapshot (two more round trips, which a search seldom needs).
 */
const ATTEMPTS_WITHOUT_TRANSACTION = 3;

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
 * results exactly, from the same tokenizer, block format and MaxScore (db/search), which runs
 * in memory over the blocks a search fetched. A search of the whole index is one statement:
 * its terms' blocks, with the headers of the terms not cached. A search of some documents
 * reads their passage ids, then only the blocks that can hold one (and uncached headers
 * first). Changes take turns (writer.ts); searches never wait for them.
 */
export function createPgSearchIndex(pool: Pool): PgSearchIndex {
  const cache = new TermCache(CACHED_BLOCKS);
  /** The latest version a search saw; NaN before the first. */
  let latest = Number.NaN;

  /**
   * The search, reading terms the cache lacks at version `seen`; or, when its reads saw
   * another version, that version, to try again at.
   */
  async function attempt(
    db: Pool | PoolClient,
    terms: readonly string[],
    options: SearchOptions,
    seen: number,
  ): Promise<{ results: ScoredPassage[] } | { retryAt: number }> {
    const entries = new Map<string, QueryTerm | null>();
    const missing: string[] = [];
    for (const term of terms) {
      const entry = cache.get(term, seen);
      if (entry === undefined) missing.push(term);
      else entries.set(term, entry);
    }
    const known = entries.size;
    /** Caches what a read found of the missing terms, at the version it saw. */
    const remember = (found: Map<string, QueryTerm>, version: number) => {
      for (const term of missing) {
        const entry = found.get(term) ?? null;
        cache.get(term, version);
        cache.set(term, entry);
        entries.set(term, entry);
      }
    };
    const inQueryOrder = () => terms.flatMap((term) => entries.get(term) ?? []);

    if (!options.documentIds) {
      const cached = inQueryOrder();
      const read = await fetchWhole(db, missing, cached);
      remember(read.found, read.stats.version);
      // Entries cached at an older version are stale: read them again.
      if (read.stats.version !== seen && known > 0) return { retryAt: read.stats.version };
      latest = read.stats.version;
      const limit = searchLimit(read.stats, options);
      return { results: limit === 0 ? [] : topK(read.reader, inQueryOrder(), read.stats, limit) };
    }

    let version = seen;
    if (missing.length > 0) {
      const read = await fetchTerms(db, missing);
      version = read.stats.version;
      remember(read.found, version);
      if (version !== seen && known > 0) return { retryAt: version };
    }
    const scope = await fetchScope(db, options.documentIds);
    if (scope.version !== version) return { retryAt: scope.version };
    const blocks = await fetchBlocks(db, inQueryOrder(), scope.ids);
    if (blocks.stats.version !== version) return { retryAt: blocks.stats.version };
    latest = version;
    const limit = searchLimit(blocks.stats, options);
    return {
      results: limit === 0 ? [] : topK(blocks.reader, blocks.terms, blocks.stats, limit, scope.ids),
    };
  }

  async function inSnapshot(terms: readonly string[], options: SearchOptions, seen: number) {
    const client = await pool.connect();
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      outcome = await attempt(client, terms, options, seen);
      // In one snapshot the version no longer moves: at the one it found, the next succeeds.
      if ('retryAt' in outcome) outcome = await attempt(client, terms, options, outcome.retryAt);
      await client.query('COMMIT');
    } catch (error) {
      // A connection that failed mid-transaction is closed rather than reused.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    client.release();
    if ('retryAt' in outcome) throw new Error('search: the index changed inside one snapshot');
    return outcome.results;
  }

  return {
    add: addPassages,
    remove: removeDocument,
    async search(query, options) {
      const terms = queryTerms(query);
      if (terms.length === 0 || !(Math.floor(options.k) >= 1) || options.documentIds?.length === 0)
        return [];
      let seen = latest;
      for (let i = 0; i < ATTEMPTS_WITHOUT_TRANSACTION; i++) {
        const outcome = await attempt(pool, terms, options, seen);
        if ('results' in outcome) return outcome.results;
        seen = outcome.retryAt;
      }
      return inSnapshot(terms, options, seen);
    },
  };
}
