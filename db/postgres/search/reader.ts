import type { Pool, PoolClient } from 'pg';
import type { BlockReader } from '@/db/search/cursor';
import { type QueryTerm, queryTerm, type Stats, type TermRow } from '@/db/search/term-cache';

/**
 * What a search reads. Each read is one statement, which sees one snapshot, and returns the
 * index's totals beside what it asked for: every change replaces the version token, so reads
 * that return the same version saw the same index, whether they ran in one transaction or not.
 */

type Db = Pool | PoolClient;

/** The totals of an index no change has touched yet (its stats row is written by the first). */
const EMPTY: Stats = { passages: 0, tokens: 0, version: 0 };

const STATS = `SELECT passages::float8 AS passages, tokens::float8 AS tokens,
  version::float8 AS version FROM search_stats WHERE id = 1`;

/** The terms the index holds, with their block headers, and the totals they were read at. */
export async function fetchTerms(
  db: Db,
  terms: readonly string[],
): Promise<{ stats: Stats; found: Map<string, QueryTerm> }> {
  type Row = Stats &
    TermRow & {
      term: string | null;
      lastIds: number[];
      weights: number[];
      weightAvgLengths: number[];
      sizes: number[];
    };
  const { rows } = await db.query<Row>(
    `SELECT s.*, h.* FROM (${STATS}) s LEFT JOIN (
       SELECT t.term, t.id, t.df, t.max_weight AS "maxWeight",
         t.max_weight_avg_length AS "maxWeightAvgLength",
         array_agg(b.last_id::float8 ORDER BY b.last_id) AS "lastIds",
         array_agg(b.max_weight ORDER BY b.last_id) AS weights,
         array_agg(b.avg_length ORDER BY b.last_id) AS "weightAvgLengths",
         array_agg(length(b.postings) ORDER BY b.last_id) AS sizes
       FROM search_terms t JOIN search_blocks b ON b.term_id = t.id
       WHERE t.term = ANY($1::text[]) GROUP BY t.id) h ON true`,
    [terms],
  );
  const stats = rows[0] ? statsOf(rows[0]) : EMPTY;
  const found = new Map<string, QueryTerm>();
  for (const row of rows) {
    if (row.term !== null) found.set(row.term, queryTerm(row, row, stats));
  }
  return { stats, found };
}

function statsOf(row: Stats): Stats {
  return { passages: row.passages, tokens: row.tokens, version: row.version };
}

/** The sorted ids of the passages of these documents, and the index's version. */
export async function fetchScope(
  db: Db,
  documentIds: readonly string[],
): Promise<{ version: number; ids: number[] }> {
  // Postgres text cannot hold NUL, so no indexed document has an id with one.
  const storable = documentIds.filter((id) => !id.includes('\0'));
  const { rows } = await db.query<{ version: number; ids: number[] | null }>(
    `SELECT s.version, (SELECT array_agg(id::float8 ORDER BY id) FROM search_passages
       WHERE document_id = ANY($1::text[])) AS ids FROM (${STATS}) s`,
    [storable],
  );
  return { version: rows[0]?.version ?? EMPTY.version, ids: rows[0]?.ids ?? [] };
}

/** The term as a walk over only the given blocks of it sees it. */
function restrictedTo(term: QueryTerm, blocks: readonly number[]): QueryTerm {
  return {
    ...term,
    lastIds: Float64Array.from(blocks, (b) => term.lastIds[b]),
    blockBounds: Float64Array.from(blocks, (b) => term.blockBounds[b]),
    blockSizes: Int32Array.from(blocks, (b) => term.blockSizes[b]),
  };
}

/** Each fetched term's postings: the bytes of the blocks fetched of it, in block order. */
export type Postings = Map<number, Uint8Array>;

/**
 * Fetches the given blocks of the terms (`blocksOf`: indexes into a term's lastIds, in
 * order), the terms as a walk over just those blocks sees them (a term none of whose blocks
 * is wanted is left out), and the totals the blocks were read at.
 */
export async function fetchBlocks(
  db: Db,
  terms: readonly QueryTerm[],
  blocksOf: (term: QueryTerm) => readonly number[],
): Promise<{ stats: Stats; postings: Postings; terms: QueryTerm[] }> {
  const fetched: QueryTerm[] = [];
  // Runs of consecutive blocks, each fetched by its first and last block's last ids.
  const runs = { termIds: [] as number[], firsts: [] as number[], lasts: [] as number[] };
  for (const term of terms) {
    const blocks = blocksOf(term);
    if (blocks.length === 0) continue;
    fetched.push(blocks.length === term.lastIds.length ? term : restrictedTo(term, blocks));
    for (let start = 0; start < blocks.length; ) {
      let end = start;
      while (end + 1 < blocks.length && blocks[end + 1] === blocks[end] + 1) end++;
      runs.termIds.push(term.id);
      runs.firsts.push(term.lastIds[blocks[start]]);
      runs.lasts.push(term.lastIds[blocks[end]]);
      start = end + 1;
    }
  }
  const { rows } = await db.query<Stats & { termId: number | null; postings: Buffer | null }>(
    `SELECT s.*, f."termId", f.postings FROM (${STATS}) s LEFT JOIN (
       SELECT r.term_id AS "termId", string_agg(b.postings, ''::bytea ORDER BY b.last_id) AS postings
       FROM unnest($1::int[], $2::bigint[], $3::bigint[]) AS r(term_id, first, last)
       JOIN search_blocks b ON b.term_id = r.term_id AND b.last_id BETWEEN r.first AND r.last
       GROUP BY r.term_id) f ON true`,
    [runs.termIds, runs.firsts, runs.lasts],
  );
  const postings: Postings = new Map();
  for (const row of rows) if (row.termId !== null) postings.set(row.termId, row.postings!);
  return { stats: rows[0] ? statsOf(rows[0]) : EMPTY, postings, terms: fetched };
}

/** A reader over the fetched bytes of each term's blocks, the terms as the walk sees them. */
export function readerOf(terms: readonly QueryTerm[], bytes: Postings): BlockReader {
  const starts = new Map<number, Int32Array>();
  for (const term of terms) {
    const offsets = new Int32Array(term.blockSizes.length + 1);
    term.blockSizes.forEach((size, b) => {
      offsets[b + 1] = offsets[b] + size;
    });
    starts.set(term.id, offsets);
  }
  return {
    read: (term, first, last) => {
      const offsets = starts.get(term.id)!;
      return bytes.get(term.id)!.subarray(offsets[first], offsets[last + 1]);
    },
  };
}

/**
 * What a search of the whole index reads first, in one statement: the block headers of the
 * terms not cached (`missing`, by text; `cached` are known), all the blocks of its rare terms
 * (those in at most `rareDf` passages, and always the rarest), and the totals. The blocks of
 * the other terms a search needs depend on what the rare ones hold (./pruning.ts).
 */
export async function fetchRare(
  db: Db,
  missing: readonly string[],
  cached: readonly QueryTerm[],
  rareDf: number,
): Promise<{ stats: Stats; found: Map<string, QueryTerm>; rare: Postings }> {
  type Row = Stats &
    TermRow & {
      term: string | null;
      lastIds: number[] | null;
      weights: number[];
      weightAvgLengths: number[];
      sizes: number[];
      postings: Buffer | null;
    };
  const { rows } = await db.query<Row>(
    `WITH t AS (
       SELECT id, term, df, max_weight, max_weight_avg_length, term = ANY($1::text[]) AS missing,
         df <= $3 OR df = min(df) OVER () AS rare
       FROM search_terms WHERE term = ANY($1::text[]) OR id = ANY($2::int[]))
     SELECT s.*, h.* FROM (${STATS}) s LEFT JOIN (
       SELECT t.term, t.id, t.df, t.max_weight AS "maxWeight",
         t.max_weight_avg_length AS "maxWeightAvgLength", b.*
       FROM t, LATERAL (SELECT
           array_agg(b.last_id::float8 ORDER BY b.last_id) FILTER (WHERE t.missing) AS "lastIds",
           array_agg(b.max_weight ORDER BY b.last_id) FILTER (WHERE t.missing) AS weights,
           array_agg(b.avg_length ORDER BY b.last_id)
             FILTER (WHERE t.missing) AS "weightAvgLengths",
           array_agg(length(b.postings) ORDER BY b.last_id) FILTER (WHERE t.missing) AS sizes,
           string_agg(b.postings, ''::bytea ORDER BY b.last_id) FILTER (WHERE t.rare) AS postings
         FROM search_blocks b WHERE b.term_id = t.id) b
       WHERE t.missing OR t.rare) h ON true`,
    [missing, cached.map((term) => term.id), rareDf],
  );
  const stats = rows[0] ? statsOf(rows[0]) : EMPTY;
  const found = new Map<string, QueryTerm>();
  const rare: Postings = new Map();
  for (const row of rows) {
    if (row.term === null) continue;
    if (row.postings) rare.set(row.id, row.postings);
    if (row.lastIds) found.set(row.term, queryTerm(row, { ...row, lastIds: row.lastIds }, stats));
  }
  return { stats, found, rare };
}
