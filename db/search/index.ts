import type BetterSqlite3 from 'better-sqlite3';
import { PostingCursor } from './cursor';
import { IdScope } from './id-scope';
import { maxScoreTopK } from './max-score';
import { createStore } from './store';
import { TermCache } from './term-cache';
import { analyzeQuery } from './tokenizer';
import type { ScoredPassage } from './top-k';
import { addPassages, type PassageInput, removeDocument } from './writer';

export type { ScoredPassage } from './top-k';
export type { PassageInput } from './writer';

/** Queries use at most this many distinct terms (the first ones), bounding a query's work. */
export const MAX_QUERY_TERMS = 64;

/**
 * Block headers the term cache holds at most (20 bytes each): a million-passage index has
 * about 430,000.
 */
const CACHED_BLOCKS = 2 ** 21;

export type SearchOptions = {
  /** How many passages to return. */
  k: number;
  /** Only passages of these documents; omitted means all. An empty list matches nothing. */
  documentIds?: readonly string[];
};

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
  const terms = new TermCache(store, CACHED_BLOCKS);

  function search(query: string, { k, documentIds }: SearchOptions): ScoredPassage[] {
    const stats = store.stats.get()!;
    const limit = Math.floor(k);
    if (stats.passages === 0 || !(limit >= 1) || documentIds?.length === 0) return [];
    const avgLength = stats.tokens / stats.passages;
    const cursors: PostingCursor[] = [];
    for (const { term } of analyzeQuery(query).slice(0, MAX_QUERY_TERMS)) {
      const cached = terms.get(term, stats);
      if (cached) cursors.push(new PostingCursor(store, cached, avgLength));
    }
    const scope = documentIds
      ? new IdScope(store.passageIdsOfDocuments.all(JSON.stringify(documentIds)).map((r) => r[0]))
      : undefined;
    return maxScoreTopK(cursors, limit, scope);
  }

  return {
    add: (passages) => addPassages(store, passages),
    remove: (documentId) => removeDocument(store, documentId),
    search: db.transaction(search),
  };
}
