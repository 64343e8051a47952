import type BetterSqlite3 from 'better-sqlite3';
import type { BlockRow } from './blocks';
import type { Stats, TermRow } from './term-cache';

/**
 * The search index's tables and every statement on them. Postings live in blocks keyed by
 * (term, last passage id in the block), each with the largest term weight it holds, so a query
 * can skip blocks that cannot change the top k without reading them.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_stats (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  passages INTEGER NOT NULL,
  tokens INTEGER NOT NULL
);
INSERT OR IGNORE INTO search_stats (id, passages, tokens) VALUES (1, 0, 0);
CREATE TABLE IF NOT EXISTS search_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token INTEGER NOT NULL
);
INSERT OR IGNORE INTO search_version (id, token) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS search_terms (
  id INTEGER PRIMARY KEY,
  term TEXT NOT NULL UNIQUE,
  df INTEGER NOT NULL,
  max_weight REAL NOT NULL,
  max_weight_avg_length REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS search_passages (
  id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL,
  length INTEGER NOT NULL,
  term_ids BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS search_passages_document ON search_passages (document_id);
CREATE TABLE IF NOT EXISTS search_blocks (
  term_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  max_weight REAL NOT NULL,
  avg_length REAL NOT NULL,
  postings BLOB NOT NULL,
  PRIMARY KEY (term_id, last_id)
) WITHOUT ROWID;
`;

export function createStore(db: BetterSqlite3.Database) {
  db.exec(SCHEMA);
  const statements = {
    stats: db.prepare<[], Stats>(
      `SELECT passages, tokens, token AS version FROM search_stats, search_version
       WHERE search_stats.id = 1 AND search_version.id = 1`,
    ),
    setVersion: db.prepare<[number], void>('UPDATE search_version SET token = ? WHERE id = 1'),
    addStats: db.prepare<[number, number], void>(
      'UPDATE search_stats SET passages = passages + ?, tokens = tokens + ? WHERE id = 1',
    ),
    term: db.prepare<[string], TermRow>(
      `SELECT id, df, max_weight AS maxWeight, max_weight_avg_length AS maxWeightAvgLength
       FROM search_terms WHERE term = ?`,
    ),
    insertTerm: db.prepare<[string], void>(
      'INSERT INTO search_terms (term, df, max_weight, max_weight_avg_length) VALUES (?, 0, 0, 1)',
    ),
    updateTerm: db.prepare<[number, number, number, number], void>(
      'UPDATE search_terms SET df = ?, max_weight = ?, max_weight_avg_length = ? WHERE id = ?',
    ),
    termById: db.prepare<[number], TermRow>(
      `SELECT id, df, max_weight AS maxWeight, max_weight_avg_length AS maxWeightAvgLength
       FROM search_terms WHERE id = ?`,
    ),
    deleteTerm: db.prepare<[number], void>('DELETE FROM search_terms WHERE id = ?'),
    insertPassage: db.prepare<[number, string, number, Buffer], void>(
      'INSERT INTO search_passages (id, document_id, length, term_ids) VALUES (?, ?, ?, ?)',
    ),
    passagesOfDocument: db.prepare<[string], { id: number; length: number; termIds: Buffer }>(
      'SELECT id, length, term_ids AS termIds FROM search_passages WHERE document_id = ? ORDER BY id',
    ),
    deletePassagesOfDocument: db.prepare<[string], void>(
      'DELETE FROM search_passages WHERE document_id = ?',
    ),
    passageIdsOfDocuments: db
      .prepare<[string], [number]>(
        `SELECT id FROM search_passages
         WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .raw(),
    blockAtOrAfter: db.prepare<[number, number], BlockRow>(
      `SELECT last_id AS lastId, postings FROM search_blocks
       WHERE term_id = ? AND last_id >= ? ORDER BY last_id LIMIT 1`,
    ),
    lastBlock: db.prepare<[number], BlockRow>(
      `SELECT last_id AS lastId, postings FROM search_blocks
       WHERE term_id = ? ORDER BY last_id DESC LIMIT 1`,
    ),
    insertBlock: db.prepare<[number, number, number, number, Buffer], void>(
      `INSERT INTO search_blocks (term_id, last_id, max_weight, avg_length, postings)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    deleteBlock: db.prepare<[number, number], void>(
      'DELETE FROM search_blocks WHERE term_id = ? AND last_id = ?',
    ),
    blockMeta: db
      .prepare<[number], [number, number, number, number]>(
        `SELECT last_id, max_weight, avg_length, length(postings) FROM search_blocks
         WHERE term_id = ? ORDER BY last_id`,
      )
      .raw(),
    // One blob for a run of blocks: each row read costs a buffer of its own, which costs more
    // than the bytes it holds. Concatenating blobs keeps their bytes as they are.
    blockPostingsBetween: db
      .prepare<[number, number, number], Buffer>(
        `SELECT CAST(group_concat(postings, '' ORDER BY last_id) AS BLOB) FROM search_blocks
         WHERE term_id = ? AND last_id BETWEEN ? AND ?`,
      )
      .pluck(),
  };
  return statements;
}

export type Store = ReturnType<typeof createStore>;
