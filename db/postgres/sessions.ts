import { and, eq, gt, lte } from 'drizzle-orm';
import type { Sessions } from '../storage';
import { inTransaction } from './client';
import type { PgContext } from './context';
import { sessions } from './schema';

export function pgSessions({ db, pool }: PgContext): Sessions {
  return {
    open: (session) =>
      inTransaction(pool, async ({ db: tx }) => {
        await tx.delete(sessions).where(lte(sessions.expiresAt, new Date()));
        await tx.insert(sessions).values(session);
      }),
    async isLive(tokenHash, passwordTag) {
      const rows = await db
        .select({ tokenHash: sessions.tokenHash })
        .from(sessions)
        .where(
          and(
            eq(sessions.tokenHash, tokenHash),
            eq(sessions.passwordTag, passwordTag),
            gt(sessions.expiresAt, new Date()),
          ),
        );
      return rows.length > 0;
    },
    async close(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
  };
}
