import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { and, count, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { wordsOf } from '../page-readings';
import type { Documents } from '../storage';
import type { Document } from '../types';
import { inTransaction } from './client';
import type { PgContext } from './context';
import { noticeQueued } from './queued-notices';
import { documents, fileParts, pageWords } from './schema';

const {
  text: _text,
  sha256: _sha,
  pageOffsets: _pages,
  seq: _seq,
  readerInstance: _reader,
  readAttempts: _attempts,
  ...listed
} = getTableColumns(documents);
/** A document's columns as the library lists it: without its text. */
export const documentColumns = listed;

/** The size of a part of a stored file (see file_parts). */
const partBytes = 1024 * 1024;

export function pgDocuments({ db, pool, index, vectors }: PgContext): Documents {
  const get = async (id: string) =>
    (await db.select(documentColumns).from(documents).where(eq(documents.id, id)))[0];
  // Prepared (see messages.ts): every question counts the documents it may draw on.
  const ready = eq(documents.status, 'ready');
  const countReadyAll = db
    .select({ n: count() })
    .from(documents)
    .where(ready)
    .prepare('count_ready');
  const countReadyOf = db
    .select({ n: count() })
    .from(documents)
    .where(and(ready, sql`${documents.id} = any(${sql.placeholder('ids')}::text[])`))
    .prepare('count_ready_of');

  return {
    list: () =>
      db
        .select(documentColumns)
        .from(documents)
        .orderBy(desc(documents.createdAt), desc(documents.seq)),
    get,
    async add(document, from) {
      const added = await inTransaction(pool, async ({ db: tx }) => {
        // An upload of the same bytes in progress holds their sha256: the insert waits for it
        // to end, and then inserts nothing; the document it made is the answer.
        let inserted: Document | undefined;
        while (!inserted) {
          [inserted] = await tx
            .insert(documents)
            .values({ ...document, status: 'processing', stage: 'queued', createdAt: new Date() })
            .onConflictDoNothing({ target: documents.sha256 })
            .returning(documentColumns);
          if (inserted) break;
          const [existing] = await tx
            .select(documentColumns)
            .from(documents)
            .where(eq(documents.sha256, document.sha256));
          if (existing) return { document: existing, inserted: false };
          // Deleted between the two statements: try again.
        }
        // A file kept by a document since deleted, or by an upload cut short, is replaced.
        await tx.delete(fileParts).where(eq(fileParts.sha256, document.sha256));
        let part = 0;
        for await (const bytes of createReadStream(from, { highWaterMark: partBytes })) {
          await tx.insert(fileParts).values({ sha256: document.sha256, part: part++, bytes });
        }
        await tx.execute(noticeQueued);
        return { document: inserted, inserted: true };
      });
      await fs.rm(from, { force: true });
      return added;
    },
    async text(id) {
      const [row] = await db
        .select({ text: documents.text, pages: documents.pageOffsets })
        .from(documents)
        .where(eq(documents.id, id));
      return row && { text: row.text, pages: row.pages ?? [] };
    },
    async pageWords(id, number) {
      const [row] = await db
        .select({ pages: documents.pageOffsets, words: pageWords.words })
        .from(documents)
        .leftJoin(
          pageWords,
          and(eq(pageWords.documentId, documents.id), eq(pageWords.page, number)),
        )
        .where(eq(documents.id, id));
      const page = row?.pages?.find((p) => p.number === number);
      if (!page) return undefined;
      return { pageStart: page.charStart, words: wordsOf(row.words ?? []) };
    },
    async countReady(documentIds = []) {
      const [row] = await (documentIds.length > 0
        ? countReadyOf.execute({ ids: documentIds })
        : countReadyAll.execute());
      return row?.n ?? 0;
    },
    remove: (id) =>
      inTransaction(pool, async ({ db: tx, client }) => {
        // The document's row first, as completing a document takes it first: neither then
        // holds the search index's turn while waiting for the other.
        const [removed] = await tx
          .select({ sha256: documents.sha256 })
          .from(documents)
          .where(eq(documents.id, id))
          .for('update');
        if (!removed) return false;
        await index.remove(client, id);
        await vectors.remove(client, id);
        await tx.delete(documents).where(eq(documents.id, id));
        await tx.delete(fileParts).where(eq(fileParts.sha256, removed.sha256));
        return true;
      }),
  };
}
