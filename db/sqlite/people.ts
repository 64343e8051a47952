import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { and, asc, count, eq, gt, notExists } from 'drizzle-orm';
import type { AuthDatabase, Invitations, People } from '../storage';
import type { Person, PersonRole } from '../types';
import {
  authAccount,
  authApiKey,
  authSession,
  authUser,
  authVerification,
  invitations,
} from './accounts-schema';
import type { SqliteContext } from './context';
import { whileBusy } from './transactions';

const person = {
  id: authUser.id,
  name: authUser.name,
  email: authUser.email,
  role: authUser.role,
  createdAt: authUser.createdAt,
};
const asPerson = (row: Omit<Person, 'role'> & { role: string }) => row as Person;

/** better-auth's adapter methods that write. */
const writes = [
  'create',
  'update',
  'updateMany',
  'delete',
  'deleteMany',
  'consumeOne',
  'incrementOne',
] as const;

/**
 * better-auth's drizzle adapter over this database. Its writes are single statements on the
 * server's connection, which never sleeps on the write lock (transactions.ts): each is tried
 * again, between tries, while a reader holds the lock.
 */
export function sqliteAuthDatabase({ db }: SqliteContext): AuthDatabase {
  const adapter = drizzleAdapter(db, {
    provider: 'sqlite',
    schema: {
      user: authUser,
      session: authSession,
      account: authAccount,
      verification: authVerification,
      apikey: authApiKey,
    },
  });
  return (options) => {
    const instance = adapter(options);
    const methods = instance as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of writes) {
      const write = methods[name]?.bind(instance);
      if (write) methods[name] = (...args) => whileBusy(() => write(...args));
    }
    return instance;
  };
}

export function sqlitePeople({ db, tx }: SqliteContext): People {
  const admins = db.select({ id: authUser.id }).from(authUser).where(eq(authUser.role, 'admin'));
  const get = (id: string) =>
    db.select(person).from(authUser).where(eq(authUser.id, id)).get() as Person | undefined;
  return {
    list: async () =>
      db.select(person).from(authUser).orderBy(asc(authUser.createdAt)).all().map(asPerson),
    get: async (id) => get(id),
    count: async () => db.select({ n: count() }).from(authUser).get()?.n ?? 0,
    // One statement under the write lock: the check and the change cannot be parted.
    becomeFirstAdmin: (id) =>
      tx.write(
        () =>
          db
            .update(authUser)
            .set({ role: 'admin', updatedAt: new Date() })
            .where(and(eq(authUser.id, id), notExists(admins)))
            .run().changes > 0,
      ),
    setRole: (id, role: PersonRole) =>
      tx.write(() => {
        db.update(authUser).set({ role, updatedAt: new Date() }).where(eq(authUser.id, id)).run();
        return get(id);
      }),
    remove: (id) =>
      tx.write(() => db.delete(authUser).where(eq(authUser.id, id)).run().changes > 0),
    endSessions: (id) =>
      tx.write(() => {
        db.delete(authSession).where(eq(authSession.userId, id)).run();
      }),
  };
}

export function sqliteInvitations({ db, tx }: SqliteContext): Invitations {
  return {
    put: (invitation) =>
      tx.write(() => {
        db.insert(invitations)
          .values({ ...invitation, createdAt: new Date() })
          .onConflictDoUpdate({ target: invitations.email, set: { ...invitation } })
          .run();
      }),
    find: async (email) =>
      db
        .select()
        .from(invitations)
        .where(eq(invitations.email, email))
        .all()
        .find((row) => row.expiresAt > new Date()),
    list: async () =>
      db.select().from(invitations).where(gt(invitations.expiresAt, new Date())).all(),
    remove: (email) =>
      tx.write(() => db.delete(invitations).where(eq(invitations.email, email)).run().changes > 0),
  };
}
