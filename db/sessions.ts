/** The queries of FOLIO_PASSWORD's server-side sessions (lib/access/session.ts). */
import { and, eq, gt, lte } from 'drizzle-orm';
import { getDb } from './client';
import { sessions } from './schema';
import { write } from './transactions';

export type SessionRow = typeof sessions.$inferSelect;

/** Stores a new session, and forgets those that have expired. */
export function insertSession(session: SessionRow): Promise<void> {
  return write(() => {
    const db = getDb();
    db.delete(sessions).where(lte(sessions.expiresAt, new Date())).run();
    db.insert(sessions).values(session).run();
  });
}

/** Whether a session with this token hash was opened with this password and has not expired. */
export function isLiveSession(tokenHash: string, passwordTag: string): boolean {
  const row = getDb()
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        eq(sessions.passwordTag, passwordTag),
        gt(sessions.expiresAt, new Date()),
      ),
    )
    .get();
  return row !== undefined;
}

export function deleteSession(tokenHash: string): Promise<void> {
  return write(() => {
    getDb().delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
  });
}
