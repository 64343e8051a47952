/**
 * Folio's BM25 index in PostgreSQL: the same tables as the SQLite engine keeps (db/search/store.ts),
 * read and written by db/postgres/search. Postings live in blocks keyed by (term, last passage id
 * in the block), each with the largest term weight it holds, so a query can leave out blocks
 * that cannot change the top k. Passage ids are the chunks' ids.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** One row (id 1), written by the first change: the index's totals and its version token. */
export const searchStats = pgTable(
  'search_stats',
  {
    id: integer('id').primaryKey(),
    passages: bigint('passages', { mode: 'number' }).notNull(),
    tokens: bigint('tokens', { mode: 'number' }).notNull(),
    /** A random token every change replaces, so that caches of term metadata can tell. */
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [check('search_stats_one_row', sql`${t.id} = 1`)],
);

export const searchTerms = pgTable('search_terms', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  term: text('term').notNull().unique(),
  /** How many passages hold the term. */
  df: integer('df').notNull(),
  /** The largest weight of any of its postings, at the average length below. */
  maxWeight: doublePrecision('max_weight').notNull(),
  maxWeightAvgLength: doublePrecision('max_weight_avg_length').notNull(),
});

export const searchPassages = pgTable(
  'search_passages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    documentId: text('document_id').notNull(),
    /** In tokens, stop words included. */
    length: integer('length').notNull(),
    /** Its distinct term ids (db/search/term-ids.ts), so removing it needs no text. */
    termIds: bytea('term_ids').notNull(),
  },
  (t) => [index('search_passages_document').on(t.documentId)],
);

export const searchBlocks = pgTable(
  'search_blocks',
  {
    termId: integer('term_id').notNull(),
    lastId: bigint('last_id', { mode: 'number' }).notNull(),
    maxWeight: doublePrecision('max_weight').notNull(),
    avgLength: doublePrecision('avg_length').notNull(),
    /** Up to 128 postings (db/search/postings.ts). */
    postings: bytea('postings').notNull(),
  },
  (t) => [primaryKey({ columns: [t.termId, t.lastId] })],
);
