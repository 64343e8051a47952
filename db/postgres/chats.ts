import { desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Chats } from '../storage';
import type { Chat } from '../types';
import type { PgDb } from './client';
import type { PgContext } from './context';
import { chatDocuments, chats } from './schema';

const { seq: _seq, ...chatColumns } = getTableColumns(chats);

/** The chats with their documents, in the order given. */
async function withDocuments(db: PgDb, rows: Omit<Chat, 'documentIds'>[]): Promise<Chat[]> {
  if (rows.length === 0) return [];
  const links = await db
    .select()
    .from(chatDocuments)
    .where(
      inArray(
        chatDocuments.chatId,
        rows.map((r) => r.id),
      ),
    );
  const documentsOf = new Map<string, string[]>();
  for (const { chatId, documentId } of links) {
    documentsOf.set(chatId, [...(documentsOf.get(chatId) ?? []), documentId]);
  }
  return rows.map((row) => ({ ...row, documentIds: documentsOf.get(row.id) ?? [] }));
}

async function get(db: PgDb, id: string): Promise<Chat | undefined> {
  const rows = await db.select(chatColumns).from(chats).where(eq(chats.id, id));
  return (await withDocuments(db, rows))[0];
}

async function setDocuments(db: PgDb, chatId: string, documentIds: readonly string[]) {
  await db.delete(chatDocuments).where(eq(chatDocuments.chatId, chatId));
  if (documentIds.length === 0) return;
  await db
    .insert(chatDocuments)
    .values([...new Set(documentIds)].map((documentId) => ({ chatId, documentId })));
}

export function pgChats({ db }: PgContext): Chats {
  // Prepared (see messages.ts): every question looks its chat up.
  const chatById = db
    .select(chatColumns)
    .from(chats)
    .where(eq(chats.id, sql.placeholder('id')))
    .prepare('chat_by_id');
  const documentsOfChat = db
    .select({ documentId: chatDocuments.documentId })
    .from(chatDocuments)
    .where(eq(chatDocuments.chatId, sql.placeholder('id')))
    .prepare('documents_of_chat');

  return {
    create: (id, title, documentIds) =>
      db.transaction(async (tx) => {
        const now = new Date();
        await tx.insert(chats).values({ id, title, createdAt: now, updatedAt: now });
        await setDocuments(tx, id, documentIds);
        return (await get(tx, id))!;
      }),
    list: async () =>
      withDocuments(
        db,
        await db.select(chatColumns).from(chats).orderBy(desc(chats.updatedAt), desc(chats.seq)),
      ),
    async get(id) {
      const [[row], links] = await Promise.all([
        chatById.execute({ id }),
        documentsOfChat.execute({ id }),
      ]);
      return row && { ...row, documentIds: links.map((link) => link.documentId) };
    },
    update: (id, { title, documentIds }) =>
      db.transaction(async (tx) => {
        await tx
          .update(chats)
          .set({ ...(title !== undefined && { title }), updatedAt: new Date() })
          .where(eq(chats.id, id));
        if (documentIds) await setDocuments(tx, id, documentIds);
        return get(tx, id);
      }),
    async remove(id) {
      const removed = await db.delete(chats).where(eq(chats.id, id)).returning({ id: chats.id });
      return removed.length > 0;
    },
  };
}
