import type { PoolClient } from 'pg';
import { deletePostings, insertPostings } from '@/db/search/blocks';
import {
  analyzeBatch,
  type IndexedPassage,
  newVersion,
  type PassageInput,
  removedPostings,
  termAfterAdd,
} from '@/db/search/changes';
import type { TermRow } from '@/db/search/term-cache';
import { encodeTermIds } from '@/db/search/term-ids';
import { FetchedBlocks, type TermIdPairs } from './blocks';

/**
 * Adds and removes passages inside the caller's transaction, with the same block logic as the
 * SQLite engine (db/search/blocks.ts) and a few statements per batch rather than per term.
 */

/** The advisory lock that makes changes to the index take turns (any bigint would do). */
const WRITE_LOCK = 0x666f6c696f; // "folio"

/**
 * Waits for earlier changes to commit. Two changes that read the same last block and each
 * wrote it back merged with their own postings would each keep the other's old copy; taking
 * turns, each statement of the next change sees what the one before committed, which holds in
 * READ COMMITTED, Postgres's default, and not in a snapshot taken before the lock.
 */
async function takeTurn(tx: PoolClient): Promise<void> {
  const { rows } = await tx.query<{ isolation: string }>(
    `SELECT pg_advisory_xact_lock(${WRITE_LOCK}), current_setting('transaction_isolation') AS isolation`,
  );
  if (rows[0].isolation !== 'read committed') {
    throw new Error(
      `The search index is changed in READ COMMITTED transactions only, not ${rows[0].isolation}.`,
    );
  }
}

/** Counts passages and tokens in or out, gives a new version; returns the average length. */
async function recordChange(tx: PoolClient, passages: number, tokens: number): Promise<number> {
  const { rows } = await tx.query<{ passages: number; tokens: number }>(
    `INSERT INTO search_stats (id, passages, tokens, version) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET passages = search_stats.passages + excluded.passages,
       tokens = search_stats.tokens + excluded.tokens, version = excluded.version
     RETURNING passages::float8 AS passages, tokens::float8 AS tokens`,
    [passages, tokens, newVersion()],
  );
  const stats = rows[0];
  return stats.passages === 0 ? 1 : stats.tokens / stats.passages;
}

const TERM_COLUMNS = `id, df, max_weight AS "maxWeight", max_weight_avg_length AS "maxWeightAvgLength"`;

/** The rows of these terms, made for those not indexed yet. */
async function termRows(tx: PoolClient, terms: string[]): Promise<Map<string, TermRow>> {
  type Row = TermRow & { term: string };
  const rows = new Map<string, TermRow>();
  const known = await tx.query<Row>(
    `SELECT term, ${TERM_COLUMNS} FROM search_terms WHERE term = ANY($1::text[])`,
    [terms],
  );
  for (const row of known.rows) rows.set(row.term, row);
  const missing = terms.filter((term) => !rows.has(term));
  if (missing.length > 0) {
    const made = await tx.query<Row>(
      `INSERT INTO search_terms (term, df, max_weight, max_weight_avg_length)
       SELECT unnest($1::text[]), 0, 0, 1 RETURNING term, ${TERM_COLUMNS}`,
      [missing],
    );
    for (const row of made.rows) rows.set(row.term, row);
  }
  return rows;
}

async function updateTerms(tx: PoolClient, rows: TermRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE search_terms SET df = u.df, max_weight = u.weight, max_weight_avg_length = u.avg
     FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[]) AS u(id, df, weight, avg)
     WHERE search_terms.id = u.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.df),
      rows.map((r) => r.maxWeight),
      rows.map((r) => r.maxWeightAvgLength),
    ],
  );
}

export async function addPassages(
  tx: PoolClient,
  passages: readonly PassageInput[],
): Promise<void> {
  if (passages.length === 0) return;
  await takeTurn(tx);
  const batch = analyzeBatch(passages);
  const rows = await termRows(tx, [...batch.postings.keys()]);
  const termIds = batch.passages.map((p) =>
    encodeTermIds(p.terms.map((term) => rows.get(term)!.id).sort((a, b) => a - b)),
  );
  await tx.query(
    `INSERT INTO search_passages (id, document_id, length, term_ids)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bytea[])`,
    [
      batch.passages.map((p) => p.id),
      batch.passages.map((p) => p.documentId),
      batch.passages.map((p) => p.length),
      termIds,
    ],
  );
  const avgLength = await recordChange(tx, batch.passages.length, batch.tokens);

  const blocks = new FetchedBlocks();
  await blocks.fetchLast(
    tx,
    [...rows.values()].map((row) => row.id),
  );
  // Passages with lower ids than a term's last block (chunks of a document whose transaction
  // began before another's committed) go into blocks in the middle: fetch those too.
  const pairs: TermIdPairs = { termIds: [], ids: [] };
  for (const [term, row] of rows) {
    const lastId = blocks.lastBlock(row.id)?.lastId;
    if (lastId === undefined) continue;
    for (const id of batch.postings.get(term)!.ids) {
      if (id > lastId) break;
      pairs.termIds.push(row.id);
      pairs.ids.push(id);
    }
  }
  await blocks.fetchFollowing(tx, pairs);

  const updated: TermRow[] = [];
  for (const [term, row] of rows) {
    const postings = batch.postings.get(term)!;
    const written = insertPostings(blocks, row.id, postings, avgLength);
    updated.push(termAfterAdd(row, postings.ids.length, written, avgLength));
  }
  await blocks.write(tx);
  await updateTerms(tx, updated);
}

export async function removeDocument(tx: PoolClient, documentId: string): Promise<number> {
  await takeTurn(tx);
  const { rows: passages } = await tx.query<IndexedPassage>(
    `DELETE FROM search_passages WHERE document_id = $1
     RETURNING id::float8 AS id, length, term_ids AS "termIds"`,
    [documentId],
  );
  if (passages.length === 0) return 0;
  const { idsByTerm, tokens } = removedPostings(passages);
  const avgLength = await recordChange(tx, -passages.length, -tokens);
  const termIds = [...idsByTerm.keys()];
  const pairs: TermIdPairs = { termIds: [], ids: [] };
  for (const [termId, ids] of idsByTerm) {
    for (const id of ids) {
      pairs.termIds.push(termId);
      pairs.ids.push(id);
    }
  }
  const blocks = new FetchedBlocks();
  await blocks.fetchFollowing(tx, pairs);
  const { rows: terms } = await tx.query<TermRow>(
    `SELECT ${TERM_COLUMNS} FROM search_terms WHERE id = ANY($1::int[])`,
    [termIds],
  );
  const updated: TermRow[] = [];
  const gone: number[] = [];
  for (const row of terms) {
    const ids = idsByTerm.get(row.id)!;
    deletePostings(blocks, row.id, ids, avgLength);
    const df = row.df - ids.length;
    if (df === 0) gone.push(row.id);
    else updated.push({ ...row, df });
  }
  await blocks.write(tx);
  if (gone.length > 0) await tx.query('DELETE FROM search_terms WHERE id = ANY($1::int[])', [gone]);
  await updateTerms(tx, updated);
  return passages.length;
}
