import { type BlockReader, PostingCursor } from './cursor';
import { IdScope } from './id-scope';
import { maxScoreTopK } from './max-score';
import type { QueryTerm, Stats } from './term-cache';
import { analyzeQuery } from './tokenizer';
import type { ScoredPassage } from './top-k';

/** Queries use at most this many distinct terms (the first ones), bounding a query's work. */
export const MAX_QUERY_TERMS = 64;

export type SearchOptions = {
  /** How many passages to return. */
  k: number;
  /** Only passages of these documents; omitted means all. An empty list matches nothing. */
  documentIds?: readonly string[];
};

/** The terms a query searches for: its distinct non-stop stems, the first MAX_QUERY_TERMS. */
export function queryTerms(query: string): string[] {
  return analyzeQuery(query)
    .slice(0, MAX_QUERY_TERMS)
    .map(({ term }) => term);
}

/** How many passages a search asks for, or 0 when it cannot find any. */
export function searchLimit(stats: Stats, { k, documentIds }: SearchOptions): number {
  const limit = Math.floor(k);
  return stats.passages === 0 || !(limit >= 1) || documentIds?.length === 0 ? 0 : limit;
}

/**
 * Exact BM25 top k over the given terms (those no passage has left out), in query order:
 * FTS5's bm25() sums a passage's term scores in that order. `scope`, when given, is the
 * sorted ids of the passages that may be returned.
 */
export function topK(
  reader: BlockReader,
  terms: readonly QueryTerm[],
  stats: Stats,
  k: number,
  scope?: readonly number[],
): ScoredPassage[] {
  const avgLength = stats.tokens / stats.passages;
  const cursors = terms.map((term) => new PostingCursor(reader, term, avgLength));
  return maxScoreTopK(cursors, k, scope ? new IdScope(scope) : undefined);
}
