import { eq } from 'drizzle-orm';
import type { ShareLinks } from '../storage';
import { shareLinks } from './accounts-schema';
import type { PgContext } from './context';

export function pgShareLinks({ db }: PgContext): ShareLinks {
  return {
    async open(chatId, tokenHash) {
      await db
        .insert(shareLinks)
        .values({ chatId, tokenHash, createdAt: new Date() })
        .onConflictDoUpdate({
          target: shareLinks.chatId,
          set: { tokenHash, createdAt: new Date() },
        });
    },
    chatOf: async (tokenHash) =>
      (await db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)))[0]?.chatId,
    isShared: async (chatId) =>
      (await db.select().from(shareLinks).where(eq(shareLinks.chatId, chatId))).length > 0,
    revoke: async (chatId) =>
      (
        await db
          .delete(shareLinks)
          .where(eq(shareLinks.chatId, chatId))
          .returning({ chatId: shareLinks.chatId })
      ).length > 0,
  };
}
