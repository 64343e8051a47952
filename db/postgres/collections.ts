import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ChatOwners, Collections } from '../storage';
import { authUser, chatOwners, collectionMembers, collections } from './accounts-schema';
import { inTransaction } from './client';
import type { PgContext } from './context';
import { documents } from './schema';

export function pgCollections({ db, pool }: PgContext): Collections {
  const get = async (id: string) =>
    (await db.select().from(collections).where(eq(collections.id, id)))[0];
  return {
    create: ({ id, name, personalOf }, ownerId) =>
      inTransaction(pool, async ({ db: tx }) => {
        const [created] = await tx
          .insert(collections)
          .values({ id, name, personalOf: personalOf ?? null, createdAt: new Date() })
          .returning();
        await tx
          .insert(collectionMembers)
          .values({ collectionId: id, userId: ownerId, role: 'owner' });
        return created;
      }),
    get,
    personal: async (userId) =>
      (await db.select().from(collections).where(eq(collections.personalOf, userId)))[0],
    list: async () => db.select().from(collections).orderBy(asc(collections.createdAt)),
    membershipsOf: async (userId) =>
      db
        .select({ collectionId: collectionMembers.collectionId, role: collectionMembers.role })
        .from(collectionMembers)
        .where(eq(collectionMembers.userId, userId)),
    members: async (collectionId) =>
      db
        .select({
          userId: collectionMembers.userId,
          name: authUser.name,
          email: authUser.email,
          role: collectionMembers.role,
        })
        .from(collectionMembers)
        .innerJoin(authUser, eq(authUser.id, collectionMembers.userId))
        .where(eq(collectionMembers.collectionId, collectionId))
        .orderBy(asc(authUser.email)),
    async setMember(collectionId, userId, role) {
      await db
        .insert(collectionMembers)
        .values({ collectionId, userId, role })
        .onConflictDoUpdate({
          target: [collectionMembers.collectionId, collectionMembers.userId],
          set: { role },
        });
    },
    removeMember: async (collectionId, userId) =>
      (
        await db
          .delete(collectionMembers)
          .where(
            and(
              eq(collectionMembers.collectionId, collectionId),
              eq(collectionMembers.userId, userId),
            ),
          )
          .returning({ userId: collectionMembers.userId })
      ).length > 0,
    remove: async (id) =>
      (await db.delete(collections).where(eq(collections.id, id)).returning({ id: collections.id }))
        .length > 0,
    collectionOf: async (documentId) =>
      (
        await db
          .select({ id: collections.id })
          .from(documents)
          .innerJoin(collections, eq(collections.id, documents.collectionId))
          .where(eq(documents.id, documentId))
      )[0]?.id,
    documentIds: async (collectionIds) =>
      collectionIds.length === 0
        ? []
        : (
            await db
              .select({ id: documents.id })
              .from(documents)
              .where(inArray(documents.collectionId, [...collectionIds]))
          ).map((row) => row.id),
  };
}

export function pgChatOwners({ db }: PgContext): ChatOwners {
  return {
    ownerOf: async (chatId) =>
      (await db.select().from(chatOwners).where(eq(chatOwners.chatId, chatId)))[0]?.userId,
    chatIds: async (userId) =>
      (
        await db
          .select({ id: chatOwners.chatId })
          .from(chatOwners)
          .where(eq(chatOwners.userId, userId))
      ).map((row) => row.id),
  };
}
