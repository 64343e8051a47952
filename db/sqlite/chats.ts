import { desc, eq, sql } from 'drizzle-orm';
import type { Chats } from '../storage';
import type { Chat } from '../types';
import { chatOwners } from './accounts-schema';
import type { SqliteContext } from './context';
import { chatDocuments, chats } from './schema';

export function sqliteChats({ db, tx }: SqliteContext): Chats {
  const byId = eq(chats.id, sql.placeholder('id'));
  const q = {
    documentIds: db
      .select({ id: chatDocuments.documentId })
      .from(chatDocuments)
      .where(eq(chatDocuments.chatId, sql.placeholder('chatId')))
      .prepare(),
    list: db.select().from(chats).orderBy(desc(chats.updatedAt), desc(sql`rowid`)).prepare(),
    get: db.select().from(chats).where(byId).prepare(),
    insert: db
      .insert(chats)
      .values({
        id: sql.placeholder('id'),
        title: sql.placeholder('title'),
        createdAt: sql.placeholder('now'),
        updatedAt: sql.placeholder('now'),
      })
      .prepare(),
    addDocument: db
      .insert(chatDocuments)
      .values({ chatId: sql.placeholder('chatId'), documentId: sql.placeholder('documentId') })
      .prepare(),
    clearDocuments: db
      .delete(chatDocuments)
      .where(eq(chatDocuments.chatId, sql.placeholder('chatId')))
      .prepare(),
    touch: db
      .update(chats)
      .set({ updatedAt: sql`${sql.placeholder('now')}` })
      .where(byId)
      .prepare(),
    rename: db
      .update(chats)
      .set({ title: sql`${sql.placeholder('title')}`, updatedAt: sql`${sql.placeholder('now')}` })
      .where(byId)
      .prepare(),
    remove: db.delete(chats).where(byId).prepare(),
    setOwner: db
      .insert(chatOwners)
      .values({ chatId: sql.placeholder('chatId'), userId: sql.placeholder('userId') })
      .prepare(),
  };

  const withDocuments = (chat: Omit<Chat, 'documentIds'>): Chat => ({
    ...chat,
    documentIds: q.documentIds.all({ chatId: chat.id }).map((r) => r.id),
  });
  const get = (id: string) => {
    const chat = q.get.get({ id });
    return chat && withDocuments(chat);
  };
  const setDocuments = (chatId: string, documentIds: readonly string[]) => {
    q.clearDocuments.run({ chatId });
    for (const documentId of documentIds) q.addDocument.run({ chatId, documentId });
  };

  return {
    create: (id, title, documentIds, ownerId) =>
      tx.write(() => {
        q.insert.run({ id, title, now: new Date() });
        if (ownerId) q.setOwner.run({ chatId: id, userId: ownerId });
        setDocuments(id, documentIds);
        return get(id)!;
      }),
    list: async () => q.list.all().map(withDocuments),
    get: async (id) => get(id),
    update: (id, { title, documentIds }) =>
      tx.write(() => {
        const now = Date.now();
        if (title === undefined) q.touch.run({ id, now });
        else q.rename.run({ id, title, now });
        if (documentIds) setDocuments(id, documentIds);
        return get(id);
      }),
    remove: (id) => tx.write(() => q.remove.run({ id }).changes > 0),
  };
}
