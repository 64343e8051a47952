import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ChatOwners, Collections } from '../storage';
import type { Collection } from '../types';
import { authUser, chatOwners, collectionMembers, collections } from './accounts-schema';
import type { SqliteContext } from './context';
import { documents } from './schema';

export function sqliteCollections({ db, tx }: SqliteContext): Collections {
  const get = (id: string): Collection | undefined =>
    db.select().from(collections).where(eq(collections.id, id)).get();
  const member = (collectionId: string, userId: string) =>
    and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId));
  return {
    create: ({ id, name, personalOf }, ownerId) =>
      tx.write(() => {
        db.insert(collections)
          .values({ id, name, personalOf: personalOf ?? null, createdAt: new Date() })
          .run();
        db.insert(collectionMembers)
          .values({ collectionId: id, userId: ownerId, role: 'owner' })
          .run();
        return get(id)!;
      }),
    get: async (id) => get(id),
    personal: async (userId) =>
      db.select().from(collections).where(eq(collections.personalOf, userId)).get(),
    list: async () => db.select().from(collections).orderBy(asc(collections.createdAt)).all(),
    membershipsOf: async (userId) =>
      db
        .select({ collectionId: collectionMembers.collectionId, role: collectionMembers.role })
        .from(collectionMembers)
        .where(eq(collectionMembers.userId, userId))
        .all(),
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
        .orderBy(asc(authUser.email))
        .all(),
    setMember: (collectionId, userId, role) =>
      tx.write(() => {
        db.insert(collectionMembers)
          .values({ collectionId, userId, role })
          .onConflictDoUpdate({
            target: [collectionMembers.collectionId, collectionMembers.userId],
            set: { role },
          })
          .run();
      }),
    removeMember: (collectionId, userId) =>
      tx.write(
        () => db.delete(collectionMembers).where(member(collectionId, userId)).run().changes > 0,
      ),
    remove: (id) =>
      tx.write(() => db.delete(collections).where(eq(collections.id, id)).run().changes > 0),
    collectionOf: async (documentId) =>
      db
        .select({ id: collections.id })
        .from(documents)
        .innerJoin(collections, eq(collections.id, documents.collectionId))
        .where(eq(documents.id, documentId))
        .get()?.id,
    documentIds: async (collectionIds) =>
      collectionIds.length === 0
        ? []
        : db
            .select({ id: documents.id })
            .from(documents)
            .where(inArray(documents.collectionId, [...collectionIds]))
            .all()
            .map((row) => row.id),
  };
}

export function sqliteChatOwners({ db }: SqliteContext): ChatOwners {
  return {
    ownerOf: async (chatId) =>
      db.select().from(chatOwners).where(eq(chatOwners.chatId, chatId)).get()?.userId,
    chatIds: async (userId) =>
      db
        .select({ id: chatOwners.chatId })
        .from(chatOwners)
        .where(eq(chatOwners.userId, userId))
        .all()
        .map((row) => row.id),
  };
}
