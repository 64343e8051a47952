import type BetterSqlite3 from 'better-sqlite3';
import { analyzeQuery } from '../../db/search/tokenizer';

/**
 * Plain FTS5, the baseline Folio's search is measured against: a `porter unicode61` table over
 * the passage text, asked the stop-word-filtered OR of the query's words, ordered by bm25().
 * Ties are broken by rowid so its top k is as deterministic as Folio's.
 */

export function createFts5Table(db: BetterSqlite3.Database): void {
  db.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(text, tokenize = 'porter unicode61')",
  );
}

/** One quoted word per distinct query term, so no query text is ever read as FTS5 syntax. */
export function fts5OrQuery(query: string, maxTerms: number): string {
  return analyzeQuery(query)
    .slice(0, maxTerms)
    .map(({ word }) => `"${word.replaceAll('"', '""')}"`)
    .join(' OR ');
}

export type Fts5Search = (query: string, k: number) => { id: number; score: number }[];

export function fts5Search(db: BetterSqlite3.Database, maxTerms: number): Fts5Search {
  const statement = db.prepare<[string, number], { id: number; score: number }>(
    `SELECT rowid AS id, -bm25(passages_fts) AS score FROM passages_fts
     WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts), rowid LIMIT ?`,
  );
  return (query, k) => {
    const match = fts5OrQuery(query, maxTerms);
    return match === '' ? [] : statement.all(match, k);
  };
}
