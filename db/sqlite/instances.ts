import { eq, gt, isNull, ne, notInArray, or, type SQLWrapper, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Instances } from '../storage';
import type { Db } from './client';
import type { SqliteContext } from './context';
import { instances } from './schema';

/**
 * The one process serving the data folder, with a lease like an instance on PostgreSQL. The
 * folder is locked to it (data-folder-lock.ts), so any other instance's lease is a dead
 * process's: it ends at once, and that process's answers and documents are orphans now, as a
 * crash left them before there were leases.
 */
export function sqliteInstances({ db, tx }: SqliteContext): Instances {
  const q = {
    others: db
      .delete(instances)
      .where(ne(instances.id, sql.placeholder('id')))
      .prepare(),
    renew: db
      .insert(instances)
      .values({ id: sql.placeholder('id'), leaseUntil: sql.placeholder('until') })
      .onConflictDoUpdate({ target: instances.id, set: { leaseUntil: sql`excluded.lease_until` } })
      .prepare(),
    release: db
      .delete(instances)
      .where(eq(instances.id, sql.placeholder('id')))
      .prepare(),
  };
  return {
    renew: (id, ms) =>
      tx.write(() => {
        q.others.run({ id });
        q.renew.run({ id, until: Date.now() + ms });
      }),
    release: (id) =>
      tx.write(() => {
        q.release.run({ id });
      }),
  };
}

/**
 * Whether the instance in `column` has no live lease (none at all, or one run out by the time
 * bound as the placeholder `now`): what it worked on is an orphan.
 */
export function orphaned(db: Db, column: SQLiteColumn): SQLWrapper | undefined {
  const live = db
    .select({ id: instances.id })
    .from(instances)
    .where(gt(instances.leaseUntil, sql.placeholder('now')));
  return or(isNull(column), notInArray(column, live));
}
