import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgSearchIndex, type PgSearchIndex } from '@/db/postgres/search/index';
import * as searchSchema from '@/db/postgres/search/schema';
import { createSearchIndex, type PassageInput } from '@/db/search/index';
import { createTables } from '../../support/pg-tables';
import { inTransaction } from '../../support/pg-transaction';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres';
import { corpusArb, queryArb } from './corpus';
import { HOSTILE } from './hostile';
import { exhaustiveTopK } from './reference';

let server: ThrowawayPostgres;
let pool: pg.Pool;
let index: PgSearchIndex;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: await server.createDatabase(), max: 4 });
  await createTables(pool, searchSchema);
});
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});
beforeEach(async () => {
  await emptyIndex();
});

async function emptyIndex(): Promise<void> {
  await pool.query(
    'TRUNCATE search_blocks, search_passages, search_terms, search_stats RESTART IDENTITY',
  );
  index = createPgSearchIndex(pool);
}

async function add(passages: readonly PassageInput[], batches = 1): Promise<void> {
  const size = Math.ceil(passages.length / batches);
  for (let from = 0; from < passages.length; from += size) {
    await inTransaction(pool, (tx) => index.add(tx, passages.slice(from, from + size)));
  }
}

function sqliteIndexOf(passages: readonly PassageInput[]) {
  const db = new Database(':memory:');
  const sqlite = createSearchIndex(db);
  db.transaction(() => sqlite.add(passages))();
  return sqlite;
}

const KS = [1, 3, 8, 20];

describe('search index in PostgreSQL', () => {
  it('returns what the SQLite engine returns, scores bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(
        corpusArb(1, 1500),
        fc.array(queryArb, { minLength: 1, maxLength: 8 }),
        async (passages, queries) => {
          await emptyIndex();
          await add(passages);
          const sqlite = sqliteIndexOf(passages);
          for (const query of queries) {
            for (const k of KS) {
              expect(await index.search(query, { k })).toEqual(sqlite.search(query, { k }));
            }
          }
        },
      ),
      { numRuns: 12, seed: 41 },
    );
  }, 120_000);

  it('indexes passages added out of id order over several transactions', async () => {
    await fc.assert(
      fc.asyncProperty(
        corpusArb(200, 1500),
        queryArb,
        fc.integer({ min: 2, max: 9 }),
        async (passages, query, batches) => {
          await emptyIndex();
          const shuffled = [...passages].sort(
            (a, b) => ((a.id * 7919) % 1009) - ((b.id * 7919) % 1009),
          );
          await add(shuffled, batches);
          expect(await index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
        },
      ),
      { numRuns: 8, seed: 43 },
    );
  }, 120_000);

  it('searches only the given documents, with corpus-wide statistics', async () => {
    const [passages] = fc.sample(corpusArb(1200, 1200), { numRuns: 1, seed: 47 });
    await add(passages, 3);
    const scopes = fc.sample(fc.subarray(['doc-0', 'doc-2', 'doc-3', 'doc-9']), {
      numRuns: 12,
      seed: 49,
    });
    const queries = fc.sample(queryArb, { numRuns: 12, seed: 51 });
    for (const [i, documentIds] of scopes.entries()) {
      expect(await index.search(queries[i], { k: 8, documentIds })).toEqual(
        exhaustiveTopK(passages, queries[i], 8, documentIds),
      );
    }
  });

  it('forgets removed documents, statistics included, and takes them back', async () => {
    const [passages] = fc.sample(corpusArb(1000, 1000), { numRuns: 1, seed: 53 });
    const queries = fc.sample(queryArb, { numRuns: 8, seed: 55 });
    await add(passages, 3);
    const removed = new Set(['doc-1', 'doc-4']);
    const count = await inTransaction(
      pool,
      async (tx) => (await index.remove(tx, 'doc-1')) + (await index.remove(tx, 'doc-4')),
    );
    const kept = passages.filter((p) => !removed.has(p.documentId));
    expect(count).toBe(passages.length - kept.length);
    expect(await inTransaction(pool, (tx) => index.remove(tx, 'doc-1'))).toBe(0);
    for (const query of queries) {
      expect(await index.search(query, { k: 8 })).toEqual(exhaustiveTopK(kept, query, 8));
    }
    await add(passages.filter((p) => removed.has(p.documentId)));
    for (const query of queries) {
      expect(await index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
    }
  });

  it('leaves the index as it was when the caller rolls its transaction back', async () => {
    await add([{ id: 1, documentId: 'a', text: 'rivers of the city' }]);
    await expect(
      inTransaction(pool, async (tx) => {
        await index.add(tx, [{ id: 2, documentId: 'b', text: 'the city council' }]);
        expect(await index.search('council', { k: 8 })).toEqual([]);
        throw new Error('ingestion failed');
      }),
    ).rejects.toThrow('ingestion failed');
    expect(await index.search('city council', { k: 8 })).toEqual(
      exhaustiveTopK([{ id: 1, documentId: 'a', text: 'rivers of the city' }], 'city council', 8),
    );
  });

  it('lets changes from several transactions at once take turns', async () => {
    const [passages] = fc.sample(corpusArb(600, 600), { numRuns: 1, seed: 57 });
    // Each document's chunks in its own transaction, all at once, as parallel uploads are.
    const byDocument = Map.groupBy(passages, (p) => p.documentId);
    await Promise.all([...byDocument.values()].map((group) => add(group)));
    for (const query of fc.sample(queryArb, { numRuns: 8, seed: 59 })) {
      expect(await index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
    }
  });

  it('answers each search from one committed state while changes commit meanwhile', async () => {
    const [passages] = fc.sample(corpusArb(900, 900), { numRuns: 1, seed: 63 });
    const query = 'city river connection w3x people';
    const batches = Array.from({ length: 6 }, (_, i) => passages.slice(i * 150, (i + 1) * 150));
    const states = batches.map((_, i) =>
      JSON.stringify(exhaustiveTopK(passages.slice(0, (i + 1) * 150), query, 8)),
    );
    let writing = true;
    const writer = (async () => {
      for (const batch of batches) await add(batch);
      writing = false;
    })();
    const seen = new Set<string>();
    while (writing) {
      const answer = JSON.stringify(await index.search(query, { k: 8 }));
      expect(['[]', ...states]).toContain(answer);
      seen.add(answer);
    }
    await writer;
    expect(await index.search(query, { k: 8 })).toEqual(JSON.parse(states.at(-1)!));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('refuses to change the index from a snapshot transaction, saying why', async () => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await expect(index.add(tx, [{ id: 1, documentId: 'a', text: 'river' }])).rejects.toThrow(
        /READ COMMITTED/,
      );
    } finally {
      await tx.query('ROLLBACK');
      tx.release();
    }
  });

  it('returns nothing for an empty index, an empty query or only stop words', async () => {
    expect(await index.search('river', { k: 8 })).toEqual([]);
    await add([{ id: 1, documentId: 'a', text: 'The river runs.' }]);
    expect(await index.search('', { k: 8 })).toEqual([]);
    expect(await index.search('what is the', { k: 8 })).toEqual([]);
    expect(await index.search('river', { k: 0 })).toEqual([]);
    expect(await index.search('river', { k: Number.NaN })).toEqual([]);
    expect(await index.search('river', { k: 2.7 })).toHaveLength(1);
    expect(await index.search('river', { k: 8, documentIds: [] })).toEqual([]);
    expect(await index.search('rivers', { k: 8 })).toHaveLength(1);
  });

  describe('hostile query text', () => {
    const [passages] = fc.sample(corpusArb(1000, 1000), { numRuns: 1, seed: 21 });

    it('answers every hostile query like exhaustive BM25', async () => {
      await add(passages);
      for (const query of HOSTILE) {
        expect(await index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
      }
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 10_000 }), async (query) => {
          expect(await index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
        }),
        { numRuns: 40, seed: 23 },
      );
      // Postgres text cannot hold NUL: such a document id matches nothing, and fails nothing.
      expect(await index.search('city river', { k: 8, documentIds: ['doc-1', 'doc\0-2'] })).toEqual(
        exhaustiveTopK(passages, 'city river', 8, ['doc-1']),
      );
    }, 120_000);
  });
});
