import path from 'node:path';
import { drizzle, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';

/** Queries on the pool, or inside a transaction. */
export type PgDb = PgDatabase<NodePgQueryResultHKT>;

const migrationsFolder = path.join(process.cwd(), 'db', 'postgres', 'migrations');

/** Any number, the same for every instance: the lock migrations are applied under. */
const migrationLock = 7_340_019;

/** Why a connection failed, said so that the person who set FOLIO_DATABASE_URL can act. */
export function connectionProblem(error: unknown, url: URL): string {
  const e = error as { code?: string; message?: string };
  const where = `${url.hostname}:${url.port || 5432}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || url.username;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Nothing accepts connections at ${where}: is PostgreSQL running there?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host ${url.hostname} is not known.`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time.`;
    case '28P01':
    case '28000':
      return `The server refused the user ${url.username || '(none)'}: ${e.message}.`;
    case '3D000':
      return `The server has no database named ${database}: create it (createdb ${database}) or name another.`;
    case '42501':
      return `The user ${url.username} may not create Folio's tables in ${database}: ${e.message}.`;
    default:
      return e.message ?? String(error);
  }
}

/**
 * A pool of connections to the database at `url`, checked and migrated: drizzle-kit's migrations
 * in db/postgres/migrations are applied under an advisory lock, so instances starting together
 * apply each one once. Throws with what is wrong when the database cannot be reached or used.
 */
export async function openPool(url: string, { max }: { max: number }): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // A connection that breaks while idle in the pool is dropped by the pool; without a listener
  // its error would end the process.
  pool.on('error', (error) => console.error('A PostgreSQL connection failed:', error.message));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end();
    throw new Error(connectionProblem(error, new URL(url)), { cause: error });
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]);
    }
  } catch (error) {
    client.release();
    await pool.end();
    throw new Error(
      `Applying Folio's migrations failed: ${connectionProblem(error, new URL(url))}`,
      {
        cause: error,
      },
    );
  }
  client.release();
  return pool;
}

/**
 * Runs `body` in one transaction on a connection of its own, committed when it resolves and
 * rolled back when it throws. `client` is the raw connection, for engines that take one.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  body: (tx: { db: PgDb; client: pg.PoolClient }) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body({ db: drizzle({ client }), client });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
