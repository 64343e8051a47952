import type BetterSqlite3 from 'better-sqlite3';
import type { PassageInput } from './changes';
import type { BlockReader } from './cursor';
import { queryTerms, type SearchOptions, searchLimit, topK } from './query';
import { createStore } from './store';
import { type QueryTerm, queryTerm, TermCache } from './term-cache';
import type { ScoredPassage } from './top-k';
import { addPassages, removeDocument } from './writer';

export type { PassageInput } from './changes';
export { MAX_QUERY_TERMS, type SearchOptions } from './query';
export type { ScoredPassage } from './top-k';

/**
 * Block headers the term cache holds at most (20 bytes each): a million-passage index has
 * about 430,000.
 */
const CACHED_BLOCKS = 2 ** 21;

export type SearchIndex = {
  /** Indexes passages; call inside the caller's transaction. Ids must not be indexed yet. */
  add(passages: readonly PassageInput[]): void;
  /** Removes a document's passages; returns how many were removed. */
  remove(documentId: string): number;
  /** Exact BM25 top k (FTS5's bm25() scoring), best first; ties go to the lower id. */
  search(query: string, options: SearchOptions): ScoredPassage[];
};

/**
 * Folio's lexical search index, stored in the given SQLite database (its tables are created
 * if missing). Any query text is safe: it is only ever tokenized, never parsed as syntax.
 */
export function createSearchIndex(db: BetterSqlite3.Database): SearchIndex {
  const store = createStore(db);
  const cache = new TermCache(CACHED_BLOCKS);
  const reader: BlockReader = {
    read: (term, first, last) =>
      store.blockPostingsBetween.get(term.id, term.lastIds[first], term.lastIds[last])!,
  };

  function search(query: string, options: SearchOptions): ScoredPassage[] {
    const stats = store.stats.get()!;
    const limit = searchLimit(stats, options);
    if (limit === 0) return [];
    const terms: QueryTerm[] = [];
    for (const term of queryTerms(query)) {
      let entry = cache.get(term, stats.version);
      if (entry === undefined) {
        const row = store.term.get(term);
        const blocks = row ? store.blockMeta.all(row.id) : [];
        entry = row
          ? queryTerm(
              row,
              {
                lastIds: blocks.map((b) => b[0]),
                weights: blocks.map((b) => b[1]),
                weightAvgLengths: blocks.map((b) => b[2]),
                sizes: blocks.map((b) => b[3]),
              },
              stats,
            )
          : null;
        cache.set(term, entry);
      }
      if (entry) terms.push(entry);
    }
    const scope = options.documentIds
      ? store.passageIdsOfDocuments.all(JSON.stringify(options.documentIds)).map((r) => r[0])
      : undefined;
    return topK(reader, terms, stats, limit, scope);
  }

  return {
    add: (passages) => addPassages(store, passages),
    remove: (documentId) => removeDocument(store, documentId),
    search: db.transaction(search),
  };
}
