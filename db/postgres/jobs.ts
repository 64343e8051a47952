import { and, eq, sql } from 'drizzle-orm';
import { indexedText } from '../indexed-text';
import { pageCounts, pageOffsets, pagesWithWords } from '../page-readings';
import { readerKeptDying } from '../reading-attempts';
import type { ReadingJobs } from '../storage';
import { inTransaction } from './client';
import type { PgContext } from './context';
import { documentColumns } from './documents';
import { noticeQueued, type QueuedListener } from './queued-notices';
import { chunks, documents, pageWords } from './schema';

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const rowsPerInsert = 1000;

export function pgJobs(
  { db, pool, index, vectors }: PgContext,
  queued: QueuedListener,
): ReadingJobs {
  const byId = (id: string) => eq(documents.id, id);
  const processing = eq(documents.status, 'processing');
  return {
    async claim(instanceId, maxAttempts) {
      for (;;) {
        // The oldest document queued or orphaned, locked as it is taken; a row another instance
        // is taking at this moment is skipped, not waited for (SKIP LOCKED).
        const { rows } = await pool.query<{ id: string; attempts: number }>(
          `WITH next AS (
             SELECT d.id FROM documents d
             WHERE d.status = 'processing'
               AND (d.reader_instance IS NULL OR NOT EXISTS (
                 SELECT 1 FROM instances i
                 WHERE i.id = d.reader_instance AND i.lease_until > now()))
             ORDER BY d.created_at, d.seq
             LIMIT 1
             FOR UPDATE OF d SKIP LOCKED)
           UPDATE documents d
           SET reader_instance = $1, read_attempts = d.read_attempts + 1
           FROM next WHERE d.id = next.id
           RETURNING d.id, d.read_attempts AS attempts`,
          [instanceId],
        );
        const [taken] = rows;
        if (!taken || taken.attempts <= maxAttempts) return taken?.id;
        await db
          .update(documents)
          .set({ status: 'failed', stage: null, error: readerKeptDying(maxAttempts) })
          .where(and(byId(taken.id), processing));
      }
    },
    async requeue(id) {
      const [document] = await db
        .update(documents)
        .set({
          status: 'processing',
          stage: 'queued',
          error: null,
          pagesDone: 0,
          readerInstance: null,
          readAttempts: 0,
        })
        .where(byId(id))
        .returning(documentColumns);
      await db.execute(noticeQueued);
      return document;
    },
    async progress(id, { stage, pagesDone, pages }) {
      const written = await db
        .update(documents)
        .set({
          stage,
          ...(pagesDone !== undefined && { pagesDone }),
          ...(pages !== undefined && { pages }),
        })
        .where(and(byId(id), processing))
        .returning({ id: documents.id });
      return written.length > 0;
    },
    complete: (id, read) =>
      inTransaction(pool, async ({ db: tx, client }) => {
        // The row stays locked to the end: a delete or a failure meanwhile waits for this.
        const [current] = await tx
          .select({ status: documents.status })
          .from(documents)
          .where(byId(id))
          .for('update');
        if (current?.status !== 'processing') return false;
        // Each passage's id by its index: RETURNING promises no order.
        const ids = new Map<number, number>();
        for (let from = 0; from < read.passages.length; from += rowsPerInsert) {
          const rows = read.passages.slice(from, from + rowsPerInsert);
          const inserted = await tx
            .insert(chunks)
            .values(rows.map((p) => ({ ...p, heading: p.heading ?? null, documentId: id })))
            .returning({ id: chunks.id, index: chunks.index });
          for (const row of inserted) ids.set(row.index, row.id);
        }
        await index.add(
          client,
          read.passages.map((p) => ({
            id: ids.get(p.index)!,
            documentId: id,
            text: indexedText(p),
          })),
        );
        const { embeddings } = read;
        if (embeddings) {
          await vectors.insert(
            client,
            read.passages.map((p, i) => ({
              chunkId: ids.get(p.index)!,
              documentId: id,
              embedding: embeddings[i],
            })),
          );
        }
        const words = pagesWithWords(read.pages);
        for (let from = 0; from < words.length; from += rowsPerInsert) {
          const rows = words.slice(from, from + rowsPerInsert);
          await tx.insert(pageWords).values(rows.map((row) => ({ ...row, documentId: id })));
        }
        await tx
          .update(documents)
          .set({
            status: 'ready',
            stage: null,
            error: null,
            mediaType: read.mediaType,
            text: read.text,
            pageOffsets: pageOffsets(read.pages),
            pages: read.pages.length,
            ...pageCounts(read.pages),
            pagesDone: read.pages.length,
            chunks: read.passages.length,
          })
          .where(byId(id));
        return true;
      }),
    async fail(id, error) {
      await db
        .update(documents)
        .set({ status: 'failed', stage: null, error })
        .where(and(byId(id), processing));
    },
    async release(instanceId) {
      await db
        .update(documents)
        .set({
          stage: 'queued',
          pagesDone: 0,
          readerInstance: null,
          readAttempts: sql`greatest(${documents.readAttempts} - 1, 0)`,
        })
        .where(and(eq(documents.readerInstance, instanceId), processing));
      await db.execute(noticeQueued);
    },
    onQueued: (callback) => queued.listen(callback),
  };
}
