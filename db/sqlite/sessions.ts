import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Sessions } from '../storage';
import type { SqliteContext } from './context';
import { sessions } from './schema';

export function sqliteSessions({ db, tx }: SqliteContext): Sessions {
  const byTokenHash = eq(sessions.tokenHash, sql.placeholder('tokenHash'));
  const q = {
    forgetExpired: db
      .delete(sessions)
      .where(lte(sessions.expiresAt, sql.placeholder('now')))
      .prepare(),
    insert: db
      .insert(sessions)
      .values({
        tokenHash: sql.placeholder('tokenHash'),
        passwordTag: sql.placeholder('passwordTag'),
        expiresAt: sql.placeholder('expiresAt'),
      })
      .prepare(),
    live: db
      .select({ tokenHash: sessions.tokenHash })
      .from(sessions)
      .where(
        and(
          byTokenHash,
          eq(sessions.passwordTag, sql.placeholder('passwordTag')),
          gt(sessions.expiresAt, sql.placeholder('now')),
        ),
      )
      .prepare(),
    remove: db.delete(sessions).where(byTokenHash).prepare(),
  };

  return {
    open: (session) =>
      tx.write(() => {
        q.forgetExpired.run({ now: Date.now() });
        q.insert.run({ ...session });
      }),
    isLive: async (tokenHash, passwordTag) =>
      q.live.get({ tokenHash, passwordTag, now: Date.now() }) !== undefined,
    close: (tokenHash) =>
      tx.write(() => {
        q.remove.run({ tokenHash });
      }),
  };
}
