import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { and, asc, count, eq, gt, notExists } from 'drizzle-orm';
import type { AuthDatabase, Invitations, People } from '../storage';
import type { Person } from '../types';
import {
  authAccount,
  authApiKey,
  authSession,
  authUser,
  authVerification,
  invitations,
} from './accounts-schema';
import { inTransaction } from './client';
import type { PgContext } from './context';

const person = {
  id: authUser.id,
  name: authUser.name,
  email: authUser.email,
  role: authUser.role,
  createdAt: authUser.createdAt,
};

/** better-auth's drizzle adapter over this database. */
export function pgAuthDatabase({ db }: PgContext): AuthDatabase {
  return drizzleAdapter(db, {
    provider: 'pg',
    schema: {
      user: authUser,
      session: authSession,
      account: authAccount,
      verification: authVerification,
      apikey: authApiKey,
    },
  });
}

/** Any number, the same for every instance: the lock that makes a first admin one at a time. */
const firstAdminLock = 7_340_020;

export function pgPeople({ db, pool }: PgContext): People {
  const get = async (id: string) =>
    (await db.select(person).from(authUser).where(eq(authUser.id, id)))[0] as Person | undefined;
  return {
    list: async () =>
      (await db.select(person).from(authUser).orderBy(asc(authUser.createdAt))) as Person[],
    get,
    count: async () => (await db.select({ n: count() }).from(authUser))[0]?.n ?? 0,
    becomeFirstAdmin: (id) =>
      inTransaction(pool, async ({ db: tx, client }) => {
        // Taken in turns: a check and change running beside another would each miss the
        // other's uncommitted admin, where one after the other sees it.
        await client.query('SELECT pg_advisory_xact_lock($1)', [firstAdminLock]);
        const made = await tx
          .update(authUser)
          .set({ role: 'admin', updatedAt: new Date() })
          .where(
            and(
              eq(authUser.id, id),
              notExists(
                tx.select({ id: authUser.id }).from(authUser).where(eq(authUser.role, 'admin')),
              ),
            ),
          )
          .returning({ id: authUser.id });
        return made.length > 0;
      }),
    async setRole(id, role) {
      await db.update(authUser).set({ role, updatedAt: new Date() }).where(eq(authUser.id, id));
      return get(id);
    },
    remove: async (id) =>
      (await db.delete(authUser).where(eq(authUser.id, id)).returning({ id: authUser.id })).length >
      0,
    async endSessions(id) {
      await db.delete(authSession).where(eq(authSession.userId, id));
    },
  };
}

export function pgInvitations({ db }: PgContext): Invitations {
  return {
    async put(invitation) {
      await db
        .insert(invitations)
        .values({ ...invitation, createdAt: new Date() })
        .onConflictDoUpdate({ target: invitations.email, set: { ...invitation } });
    },
    find: async (email) =>
      (await db.select().from(invitations).where(eq(invitations.email, email))).find(
        (row) => row.expiresAt > new Date(),
      ),
    list: async () => db.select().from(invitations).where(gt(invitations.expiresAt, new Date())),
    remove: async (email) =>
      (
        await db
          .delete(invitations)
          .where(eq(invitations.email, email))
          .returning({ email: invitations.email })
      ).length > 0,
  };
}
