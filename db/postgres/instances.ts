import { eq, sql } from 'drizzle-orm';
import type { Instances } from '../storage';
import type { PgContext } from './context';
import { instances } from './schema';

/** Leases on the database's clock, the one every instance reads them by. */
export function pgInstances({ db }: PgContext): Instances {
  return {
    async renew(id, ms) {
      const until = sql`now() + ${ms} * interval '1 millisecond'`;
      await db
        .insert(instances)
        .values({ id, leaseUntil: until })
        .onConflictDoUpdate({ target: instances.id, set: { leaseUntil: until } });
    },
    async release(id) {
      await db.delete(instances).where(eq(instances.id, id));
    },
  };
}
