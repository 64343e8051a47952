import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChunkVector, createPgVectorIndex } from '@/db/postgres/vectors';
import { inTransaction } from '../../support/pg-transaction';
import { type PgliteServer, startPglite } from '../../support/pglite';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres';

/** Cosine distance in double precision, the order pgvector's float4 arithmetic must agree with. */
function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return 1 - dot / Math.sqrt(na * nb);
}

const vectorArb = (dimensions: number) =>
  fc
    .array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), {
      minLength: dimensions,
      maxLength: dimensions,
    })
    .filter((v) => v.some((x) => Math.abs(x) > 1e-3))
    .map((v) => Float32Array.from(v));

describe('vectors on a server with pgvector (PGlite over the wire protocol)', () => {
  let server: PgliteServer;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startPglite();
    pool = new pg.Pool({ connectionString: server.url, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it('finds the nearest chunks by cosine distance, within documents, and forgets removed ones', async () => {
    const vectors = createPgVectorIndex(pool);
    expect(await vectors.support()).toEqual({ available: true });
    const [embeddings] = fc.sample(fc.array(vectorArb(8), { minLength: 60, maxLength: 60 }), {
      numRuns: 1,
      seed: 61,
    });
    const chunks: ChunkVector[] = embeddings.map((embedding, i) => ({
      chunkId: i + 1,
      documentId: `doc-${i % 4}`,
      embedding,
    }));
    const query = embeddings[7].map((x, i) => x + (i % 2 ? 0.05 : -0.05));
    expect(await vectors.nearest(query, 5)).toEqual([]);
    await inTransaction(pool, (tx) => vectors.insert(tx, chunks.slice(0, 30)));
    await inTransaction(pool, (tx) => vectors.insert(tx, chunks.slice(30)));

    const expected = (within: (c: ChunkVector) => boolean) =>
      chunks
        .filter(within)
        .map((c) => ({ chunkId: c.chunkId, distance: cosineDistance(query, c.embedding) }))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, 5);
    const found = await vectors.nearest(query, 5);
    expect(found.map((f) => f.chunkId)).toEqual(expected(() => true).map((e) => e.chunkId));
    found.forEach((f, i) => {
      expect(f.distance).toBeCloseTo(expected(() => true)[i].distance, 5);
    });
    const scoped = await vectors.nearest(query, 5, ['doc-1', 'doc-2', 'no\0such']);
    expect(scoped.map((f) => f.chunkId)).toEqual(
      expected((c) => c.documentId === 'doc-1' || c.documentId === 'doc-2').map((e) => e.chunkId),
    );
    expect(await vectors.nearest(query, 5, [])).toEqual([]);
    expect(await vectors.nearest(new Float32Array(3).fill(1), 5)).toEqual([]);

    expect(await inTransaction(pool, (tx) => vectors.remove(tx, 'doc-3'))).toBe(15);
    const kept = await vectors.nearest(query, 60);
    expect(kept).toHaveLength(45);
    expect(kept.every((f) => f.chunkId % 4 !== 0)).toBe(true);
  });

  it('leaves nothing behind when the caller rolls back, table included', async () => {
    const vectors = createPgVectorIndex(pool);
    await expect(
      inTransaction(pool, async (tx) => {
        await vectors.insert(tx, [
          { chunkId: 1, documentId: 'a', embedding: Float32Array.of(1, 0, 0, 0, 0) },
        ]);
        throw new Error('ingestion failed');
      }),
    ).rejects.toThrow('ingestion failed');
    expect(await vectors.nearest(Float32Array.of(1, 0, 0, 0, 0), 3)).toEqual([]);
    await inTransaction(pool, (tx) =>
      vectors.insert(tx, [
        { chunkId: 2, documentId: 'b', embedding: Float32Array.of(0, 1, 0, 0, 0) },
      ]),
    );
    expect(await vectors.nearest(Float32Array.of(0, 1, 0, 0, 0), 3)).toEqual([
      { chunkId: 2, distance: 0 },
    ]);
  });
});

describe('vectors on a server without pgvector (Debian 12 PostgreSQL)', () => {
  let server: ThrowawayPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: await server.createDatabase() });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it('says that the server has no pgvector and what to install', async () => {
    const support = await createPgVectorIndex(pool).support();
    expect(support).toEqual({
      available: false,
      reason: expect.stringMatching(/no pgvector extension.*postgresql-\d+-pgvector/),
    });
  });
});
