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

/** The indexes of a term's blocks that can hold one of the sorted ids. */
function blocksHolding(term: QueryTerm, ids: readonly number[]): number[] {
  const chosen: number[] = [];
  let block = 0;
  for (const id of ids) {
    while (block < term.lastIds.length && term.lastIds[block] < id) block++;
    if (block === term.lastIds.length) break;
    if (chosen.at(-1) !== block) chosen.push(block);
  }
  return chosen;
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

/**
 * Fetches the blocks of the terms a search can need (all of them, or with a scope only those
 * that can hold a passage of it), the terms as a walk over just those blocks sees them (a
 * passage the search may return lies in the same block either way), and the totals the
 * blocks were read at.
 */
export async function fetchBlocks(
  db: Db,
  terms: readonly QueryTerm[],
  scope?: readonly number[],
): Promise<{ stats: Stats; reader: BlockReader; terms: QueryTerm[] }> {
  const fetched: QueryTerm[] = [];
  // Runs of consecutive blocks, each fetched by its first and last block's last ids.
  const runs = { termIds: [] as number[], firsts: [] as number[], lasts: [] as number[] };
  for (const term of terms) {
    const blocks = scope ? blocksHolding(term, scope) : undefined;
    const view = blocks ? restrictedTo(term, blocks) : term;
    if (view.lastIds.length === 0) continue;
    fetched.push(view);
    const count = blocks ? blocks.length : term.lastIds.length;
    const index = (i: number) => (blocks ? blocks[i] : i);
    for (let start = 0; start < count; ) {
      let end = start;
      while (end + 1 < count && index(end + 1) === index(end) + 1) end++;
      runs.termIds.push(term.id);
      runs.firsts.push(term.lastIds[index(start)]);
      runs.lasts.push(term.lastIds[index(end)]);
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
  const bytes = new Map<number, Uint8Array>();
  for (const row of rows) if (row.termId !== null) bytes.set(row.termId, row.postings!);
  return {
    stats: rows[0] ? statsOf(rows[0]) : EMPTY,
    reader: readerOf(fetched, bytes),
    terms: fetched,
  };
}

/** A reader over the fetched bytes of each term's blocks, the terms as the walk sees them. */
function readerOf(terms: readonly QueryTerm[], bytes: Map<number, Uint8Array>): BlockReader {
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
 * For a search of the whole index, in one statement: every block of its terms, the block
 * headers of those not cached (`missing`, by text; `cached` are known), and the totals. A
 * search reads each block once whether or not its term was cached.
 */
export async function fetchWhole(
  db: Db,
  missing: readonly string[],
  cached: readonly QueryTerm[],
): Promise<{ stats: Stats; found: Map<string, QueryTerm>; reader: BlockReader }> {
  type Row = Stats &
    TermRow & {
      term: string | null;
      lastIds: number[] | null;
      weights: number[];
      weightAvgLengths: number[];
      sizes: number[];
      postings: Buffer;
    };
  const wanted = 'FILTER (WHERE t.term = ANY($1::text[]))';
  const { rows } = await db.query<Row>(
    `SELECT s.*, h.* FROM (${STATS}) s LEFT JOIN (
       SELECT t.term, t.id, t.df, t.max_weight AS "maxWeight",
         t.max_weight_avg_length AS "maxWeightAvgLength",
         array_agg(b.last_id::float8 ORDER BY b.last_id) ${wanted} AS "lastIds",
         array_agg(b.max_weight ORDER BY b.last_id) ${wanted} AS weights,
         array_agg(b.avg_length ORDER BY b.last_id) ${wanted} AS "weightAvgLengths",
         array_agg(length(b.postings) ORDER BY b.last_id) ${wanted} AS sizes,
         string_agg(b.postings, ''::bytea ORDER BY b.last_id) AS postings
       FROM search_terms t JOIN search_blocks b ON b.term_id = t.id
       WHERE t.term = ANY($1::text[]) OR t.id = ANY($2::int[]) GROUP BY t.id) h ON true`,
    [missing, cached.map((term) => term.id)],
  );
  const stats = rows[0] ? statsOf(rows[0]) : EMPTY;
  const found = new Map<string, QueryTerm>();
  const bytes = new Map<number, Uint8Array>();
  for (const row of rows) {
    if (row.term === null) continue;
    bytes.set(row.id, row.postings);
    if (row.lastIds) found.set(row.term, queryTerm(row, { ...row, lastIds: row.lastIds }, stats));
  }
  return { stats, found, reader: readerOf([...cached, ...found.values()], bytes) };
}
