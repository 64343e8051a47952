/**
 * Chunk embeddings in PostgreSQL with pgvector, for the vector half of hybrid search: the twin
 * of db/vectors.ts (sqlite-vec). A table per embedding size, made on first use, since a
 * model's vectors have one size and the migrations cannot know it; nearest chunks by exact
 * cosine distance, as sqlite-vec finds them. Servers without pgvector are common (it is not
 * part of PostgreSQL), so whether it is there, and if not why, is a question asked at start.
 */
import type { Pool, PoolClient } from 'pg';

export type ChunkVector = { chunkId: number; documentId: string; embedding: Float32Array };

export type VectorSupport = { available: true } | { available: false; reason: string };

export interface PgVectorIndex {
  /** Whether vectors can be stored: pgvector is in the database, made there if the server has it. */
  support(): Promise<VectorSupport>;
  /** Stores chunks' vectors inside the caller's open transaction. */
  insert(tx: PoolClient, vectors: readonly ChunkVector[]): Promise<void>;
  /** Removes a document's vectors inside the caller's transaction; returns how many. */
  remove(tx: PoolClient, documentId: string): Promise<number>;
  /**
   * The k chunks nearest to an embedding, nearest first, ties to the lower id; only those of
   * documentIds when given (an empty list matches nothing, as in search).
   */
  nearest(
    embedding: Float32Array,
    k: number,
    documentIds?: readonly string[],
  ): Promise<Array<{ chunkId: number; distance: number }>>;
}

const table = (dimensions: number) => `chunk_vectors_${dimensions}`;

/** pgvector's text form of a vector; a float32 printed as a double reads back exactly. */
const literal = (embedding: Float32Array) => `[${Array.from(embedding).join(',')}]`;

/** Makes the tables, one change at a time so two first inserts do not race to create one. */
const CREATE_LOCK = 0x666f6c696f76; // "foliov"

export function createPgVectorIndex(pool: Pool): PgVectorIndex {
  async function tables(client: Pool | PoolClient): Promise<string[]> {
    const { rows } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables
       WHERE schemaname = current_schema() AND tablename ~ '^chunk_vectors_[0-9]+$'`,
    );
    return rows.map((row) => row.name);
  }
  /** Tables seen committed; none is ever dropped. */
  const committed = new Set<string>();

  return {
    async support() {
      const { rows } = await pool.query<{
        installed: string | null;
        offered: string | null;
        server: string;
      }>(
        `SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS installed,
           (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS offered,
           current_setting('server_version_num') AS server`,
      );
      const { installed, offered, server } = rows[0];
      if (installed) return { available: true };
      const major = Math.floor(Number(server) / 10_000);
      if (!offered) {
        return {
          available: false,
          reason: `the PostgreSQL server has no pgvector extension: install it on the server (on Debian and Ubuntu the package postgresql-${major}-pgvector) to turn on hybrid search`,
        };
      }
      try {
        await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
        return { available: true };
      } catch (error) {
        return {
          available: false,
          reason: `the server has pgvector ${offered} but this database does not, and Folio's database user may not add it (${(error as Error).message}): run CREATE EXTENSION vector in it as a superuser`,
        };
      }
    },

    async insert(tx, vectors) {
      if (vectors.length === 0) return;
      const dimensions = vectors[0].embedding.length;
      const name = table(dimensions);
      // Asked in the caller's transaction, and not cached: it may yet roll back what it made.
      if (!(await tables(tx)).includes(name)) {
        await tx.query(`SELECT pg_advisory_xact_lock(${CREATE_LOCK})`);
        await tx.query(
          `CREATE TABLE IF NOT EXISTS ${name} (
             chunk_id bigint PRIMARY KEY,
             document_id text NOT NULL,
             embedding vector(${dimensions}) NOT NULL
           );
           CREATE INDEX IF NOT EXISTS ${name}_document ON ${name} (document_id);`,
        );
      }
      await tx.query(
        `INSERT INTO ${name} (chunk_id, document_id, embedding)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::vector[])`,
        [
          vectors.map((v) => v.chunkId),
          vectors.map((v) => v.documentId),
          vectors.map((v) => literal(v.embedding)),
        ],
      );
    },

    async remove(tx, documentId) {
      let removed = 0;
      for (const name of await tables(tx)) {
        const { rowCount } = await tx.query(`DELETE FROM ${name} WHERE document_id = $1`, [
          documentId,
        ]);
        removed += rowCount ?? 0;
      }
      return removed;
    },

    async nearest(embedding, k, documentIds) {
      const name = table(embedding.length);
      const limit = Math.floor(k);
      if (!(limit >= 1) || documentIds?.length === 0) return [];
      if (!committed.has(name)) {
        if (!(await tables(pool)).includes(name)) return [];
        committed.add(name);
      }
      const { rows } = await pool.query<{ chunkId: number; distance: number }>(
        `SELECT chunk_id::float8 AS "chunkId", embedding <=> $1::vector AS distance FROM ${name}
         ${documentIds ? 'WHERE document_id = ANY($3::text[])' : ''}
         ORDER BY distance, chunk_id LIMIT $2`,
        // Postgres text cannot hold NUL, so no stored document has an id with one.
        [
          literal(embedding),
          limit,
          ...(documentIds ? [documentIds.filter((id) => !id.includes('\0'))] : []),
        ],
      );
      return rows;
    },
  };
}
