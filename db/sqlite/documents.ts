import { renameSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { wordsOf } from '../page-readings';
import type { Documents } from '../storage';
import type { Document } from '../types';
import type { SqliteContext } from './context';
import { documents, pageWords } from './schema';
import { documentColumns, inJsonList } from './sql';

export function sqliteDocuments({ db, tx, index, filePath }: SqliteContext): Documents {
  const byId = eq(documents.id, sql.placeholder('id'));
  const q = {
    list: db
      .select(documentColumns)
      .from(documents)
      .orderBy(desc(documents.createdAt), desc(sql`rowid`))
      .prepare(),
    get: db.select(documentColumns).from(documents).where(byId).prepare(),
    // `IS`: a document in no collection matches one in none.
    inCollectionBySha256: db
      .select(documentColumns)
      .from(documents)
      .where(
        and(
          eq(documents.sha256, sql.placeholder('sha256')),
          sql`${documents.collectionId} IS ${sql.placeholder('collectionId')}`,
        ),
      )
      .prepare(),
    sharesSha256: db
      .select({ id: documents.id })
      .from(documents)
      .where(eq(documents.sha256, sql.placeholder('sha256')))
      .limit(1)
      .prepare(),
    insert: db
      .insert(documents)
      .values({
        id: sql.placeholder('id'),
        name: sql.placeholder('name'),
        mediaType: sql.placeholder('mediaType'),
        size: sql.placeholder('size'),
        sha256: sql.placeholder('sha256'),
        collectionId: sql.placeholder('collectionId'),
        status: 'processing',
        stage: 'queued',
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
    text: db
      .select({ text: documents.text, pages: documents.pageOffsets })
      .from(documents)
      .where(byId)
      .prepare(),
    pageWords: db
      .select({ words: pageWords.words })
      .from(pageWords)
      .where(
        and(
          eq(pageWords.documentId, sql.placeholder('id')),
          eq(pageWords.page, sql.placeholder('page')),
        ),
      )
      .prepare(),
    countReady: db
      .select({ n: count() })
      .from(documents)
      .where(
        and(
          eq(documents.status, 'ready'),
          sql`(json_array_length(${sql.placeholder('documentIds')}) = 0 OR ${inJsonList(documents.id, 'documentIds')})`,
        ),
      )
      .prepare(),
    remove: db.delete(documents).where(byId).returning({ sha256: documents.sha256 }).prepare(),
  };
  const get = (id: string): Document | undefined => q.get.get({ id });

  return {
    list: async () => q.list.all(),
    get: async (id) => get(id),
    async add(document, from) {
      const stored = filePath(document.sha256);
      await fs.mkdir(path.dirname(stored), { recursive: true });
      const collectionId = document.collectionId ?? null;
      return tx.write(() => {
        // The bytes first, under their SHA-256: the same bytes again restore a lost original.
        // Moved under the write lock, so a removal of the last other document with these bytes
        // cannot delete them between the move and the insert.
        renameSync(from, stored);
        const existing = q.inCollectionBySha256.get({ sha256: document.sha256, collectionId });
        if (existing) return { document: existing, inserted: false };
        q.insert.run({ ...document, collectionId, createdAt: new Date() });
        return { document: get(document.id)!, inserted: true };
      });
    },
    async text(id) {
      const row = q.text.get({ id });
      return row && { text: row.text, pages: row.pages ?? [] };
    },
    async pageWords(id, number) {
      // One read: the page's place in the text and its words from the same moment.
      return tx.read(() => {
        const page = q.text.get({ id })?.pages?.find((p) => p.number === number);
        if (!page) return undefined;
        const words = q.pageWords.get({ id, page: number })?.words ?? [];
        return { pageStart: page.charStart, words: wordsOf(words) };
      });
    },
    countReady: async (documentIds = []) =>
      q.countReady.get({ documentIds: JSON.stringify(documentIds) })?.n ?? 0,
    remove: (id) =>
      tx.write(() => {
        index.remove(id);
        const removed = q.remove.get({ id });
        if (!removed) return false;
        // Under the write lock, as an upload of the same bytes moves them in under it.
        if (!q.sharesSha256.get({ sha256: removed.sha256 })) {
          rmSync(filePath(removed.sha256), { force: true });
        }
        return true;
      }),
  };
}
