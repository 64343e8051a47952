import { eq } from 'drizzle-orm';
import type { ShareLinks } from '../storage';
import { shareLinks } from './accounts-schema';
import type { SqliteContext } from './context';

export function sqliteShareLinks({ db, tx }: SqliteContext): ShareLinks {
  return {
    open: (chatId, tokenHash) =>
      tx.write(() => {
        db.insert(shareLinks)
          .values({ chatId, tokenHash, createdAt: new Date() })
          .onConflictDoUpdate({
            target: shareLinks.chatId,
            set: { tokenHash, createdAt: new Date() },
          })
          .run();
      }),
    chatOf: async (tokenHash) =>
      db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)).get()?.chatId,
    isShared: async (chatId) =>
      db.select().from(shareLinks).where(eq(shareLinks.chatId, chatId)).get() !== undefined,
    revoke: (chatId) =>
      tx.write(() => db.delete(shareLinks).where(eq(shareLinks.chatId, chatId)).run().changes > 0),
  };
}
