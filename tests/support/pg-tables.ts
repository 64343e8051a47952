/**
 * Creates the tables of a drizzle pg-core schema module in an empty database, from the same
 * statements drizzle-kit generates for the app's migrations, so tests and benchmarks need no
 * migrations folder of their own.
 */
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import type { Pool } from 'pg';

export async function createTables(pool: Pool, schema: Record<string, unknown>): Promise<void> {
  const statements = await generateMigration(generateDrizzleJson({}), generateDrizzleJson(schema));
  for (const statement of statements) await pool.query(statement);
}
