import type { PoolClient } from 'pg';
import type { BlockRow, BlockStore } from '@/db/search/blocks';

type FetchedRow = { termId: number; lastId: number; postings: Buffer };

/** (term id, passage id) pairs, column by column. */
export type TermIdPairs = { termIds: number[]; ids: number[] };

/**
 * The blocks a change will touch, fetched in a few statements before the change and written
 * back in a few after it: the shared block logic (db/search/blocks.ts) runs in memory between,
 * instead of waiting on a statement for every block, as it can on SQLite in-process.
 */
export class FetchedBlocks implements BlockStore {
  /** Each term's fetched blocks, by increasing last id. */
  private readonly byTerm = new Map<number, BlockRow[]>();
  private readonly deleted = new Set<string>();
  private readonly inserted = new Map<
    string,
    { termId: number; lastId: number; weight: number; avgLength: number; postings: Buffer }
  >();

  /** Fetches each term's last block. */
  async fetchLast(tx: PoolClient, termIds: readonly number[]): Promise<void> {
    if (termIds.length === 0) return;
    const { rows } = await tx.query<FetchedRow>(
      `SELECT t.term_id AS "termId", b.last_id::float8 AS "lastId", b.postings
       FROM unnest($1::int[]) AS t(term_id)
       CROSS JOIN LATERAL (SELECT last_id, postings FROM search_blocks
         WHERE term_id = t.term_id ORDER BY last_id DESC LIMIT 1) b`,
      [termIds],
    );
    for (const row of rows) this.add(row.termId, row);
  }

  /** Fetches, for each (term, id) pair, the term's first block whose last id is at least id. */
  async fetchFollowing(tx: PoolClient, pairs: TermIdPairs): Promise<void> {
    if (pairs.ids.length === 0) return;
    const { rows } = await tx.query<FetchedRow>(
      `SELECT DISTINCT ON (t.term_id, b.last_id)
         t.term_id AS "termId", b.last_id::float8 AS "lastId", b.postings
       FROM unnest($1::int[], $2::bigint[]) AS t(term_id, id)
       CROSS JOIN LATERAL (SELECT last_id, postings FROM search_blocks
         WHERE term_id = t.term_id AND last_id >= t.id ORDER BY last_id LIMIT 1) b`,
      [pairs.termIds, pairs.ids],
    );
    for (const row of rows) this.add(row.termId, row);
  }

  lastBlock(termId: number): BlockRow | undefined {
    return this.byTerm.get(termId)?.at(-1);
  }

  blockAtOrAfter(termId: number, id: number): BlockRow | undefined {
    const blocks = this.byTerm.get(termId) ?? [];
    return blocks[this.firstAtOrAfter(blocks, id)];
  }

  deleteBlock(termId: number, lastId: number): void {
    const blocks = this.byTerm.get(termId) ?? [];
    const at = this.firstAtOrAfter(blocks, lastId);
    if (blocks[at]?.lastId === lastId) blocks.splice(at, 1);
    const key = `${termId}:${lastId}`;
    if (!this.inserted.delete(key)) this.deleted.add(key);
  }

  insertBlock(
    termId: number,
    lastId: number,
    weight: number,
    avgLength: number,
    postings: Buffer,
  ): void {
    this.add(termId, { lastId, postings });
    this.inserted.set(`${termId}:${lastId}`, { termId, lastId, weight, avgLength, postings });
  }

  /** Writes the changes: deletions first, as a rewritten block may keep its key. */
  async write(tx: PoolClient): Promise<void> {
    if (this.deleted.size > 0) {
      const keys = [...this.deleted].map((key) => key.split(':').map(Number));
      await tx.query(
        `DELETE FROM search_blocks WHERE (term_id, last_id) IN
           (SELECT * FROM unnest($1::int[], $2::bigint[]))`,
        [keys.map((k) => k[0]), keys.map((k) => k[1])],
      );
    }
    if (this.inserted.size > 0) {
      const rows = [...this.inserted.values()];
      await tx.query(
        `INSERT INTO search_blocks (term_id, last_id, max_weight, avg_length, postings)
         SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[], $4::float8[], $5::bytea[])`,
        [
          rows.map((r) => r.termId),
          rows.map((r) => r.lastId),
          rows.map((r) => r.weight),
          rows.map((r) => r.avgLength),
          rows.map((r) => r.postings),
        ],
      );
    }
  }

  private add(termId: number, block: BlockRow): void {
    let blocks = this.byTerm.get(termId);
    if (!blocks) {
      blocks = [];
      this.byTerm.set(termId, blocks);
    }
    const at = this.firstAtOrAfter(blocks, block.lastId);
    if (blocks[at]?.lastId !== block.lastId) blocks.splice(at, 0, block);
  }

  private firstAtOrAfter(blocks: readonly BlockRow[], id: number): number {
    let low = 0;
    let high = blocks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (blocks[mid].lastId < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
