/**
 * Chunk embeddings in sqlite-vec, for the vector half of hybrid search. The table is made on
 * first use, sized to the embedding model's dimensions; a trigger drops a chunk's vector with it.
 */
import type Database from 'better-sqlite3';

const table = (dimensions: number) => `chunk_vectors_${dimensions}`;

function ensureTable(sqlite: Database.Database, dimensions: number): string {
  const name = table(dimensions);
  sqlite.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(
      chunk_id INTEGER PRIMARY KEY,
      document_id TEXT,
      embedding float[${dimensions}] distance_metric=cosine
    );
    CREATE TRIGGER IF NOT EXISTS ${name}_delete AFTER DELETE ON chunks BEGIN
      DELETE FROM ${name} WHERE chunk_id = old.id;
    END;`);
  return name;
}

/** Stores vectors for chunks; call inside the transaction that writes the chunks. */
export function insertChunkVectors(
  sqlite: Database.Database,
  vectors: Array<{ chunkId: number; documentId: string; embedding: Float32Array }>,
): void {
  if (vectors.length === 0) return;
  const name = ensureTable(sqlite, vectors[0].embedding.length);
  const insert = sqlite.prepare(
    `INSERT INTO ${name} (chunk_id, document_id, embedding) VALUES (?, ?, ?)`,
  );
  for (const v of vectors) insert.run(BigInt(v.chunkId), v.documentId, v.embedding);
}

/** The chunks nearest to an embedding, nearest first, with their cosine distance. */
export function nearestChunks(
  sqlite: Database.Database,
  embedding: Float32Array,
  k: number,
  documentIds?: readonly string[],
): Array<{ chunkId: number; distance: number }> {
  const name = ensureTable(sqlite, embedding.length);
  const scoped = documentIds && documentIds.length > 0;
  const rows = sqlite
    .prepare(
      `SELECT chunk_id AS chunkId, distance FROM ${name}
       WHERE embedding MATCH ? AND k = ? ${scoped ? `AND document_id IN (${documentIds.map(() => '?').join(', ')})` : ''}
       ORDER BY distance`,
    )
    .all(embedding, k, ...(scoped ? documentIds : [])) as Array<{
    chunkId: number | bigint;
    distance: number;
  }>;
  return rows.map((r) => ({ chunkId: Number(r.chunkId), distance: r.distance }));
}
