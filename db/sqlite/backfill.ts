import { asc, eq, sql } from 'drizzle-orm';
import type { SqliteContext } from './context';
import { indexedPassage } from './jobs';
import { chunks, searchBackfill } from './schema';

/**
 * On start: indexes the documents that were searchable before Folio had its own search index
 * (migration 0004 queued them), one transaction each, so an interrupted run resumes where it
 * stopped. Returns how many it indexed.
 */
export async function indexQueuedDocuments({ db, tx, index }: SqliteContext): Promise<number> {
  const queued = db.select({ id: searchBackfill.documentId }).from(searchBackfill).all();
  if (queued.length === 0) return 0;
  const dequeue = db
    .delete(searchBackfill)
    .where(eq(searchBackfill.documentId, sql.placeholder('id')))
    .prepare();
  const passages = db
    .select({ id: chunks.id, heading: chunks.heading, text: chunks.text })
    .from(chunks)
    .where(eq(chunks.documentId, sql.placeholder('id')))
    .orderBy(asc(chunks.id))
    .prepare();
  let indexed = 0;
  for (const { id } of queued) {
    await tx.write(() => {
      // Gone from the queue: deleted since it was listed (its chunks went with it).
      if (dequeue.run({ id }).changes === 0) return;
      index.add(passages.all({ id }).map((row) => indexedPassage(id, row)));
      indexed++;
    });
  }
  return indexed;
}
