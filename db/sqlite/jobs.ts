import { and, asc, eq, sql } from 'drizzle-orm';
import { indexedText } from '../indexed-text';
import { pageCounts, pageOffsets, pagesWithWords } from '../page-readings';
import { readerKeptDying } from '../reading-attempts';
import type { PassageInput } from '../search/index';
import type { ReadingJobs } from '../storage';
import { insertChunkVectors } from '../vectors';
import type { SqliteContext } from './context';
import { orphaned } from './instances';
import { chunks, documents, pageWords } from './schema';
import { documentColumns } from './sql';

/** A passage as the search index takes it. */
export function indexedPassage(
  documentId: string,
  chunk: { id: number; heading?: string | null; text: string },
): PassageInput {
  return { id: chunk.id, documentId, text: indexedText(chunk) };
}

export function sqliteJobs({ db, tx, index }: SqliteContext): ReadingJobs {
  const byId = eq(documents.id, sql.placeholder('id'));
  const processing = eq(documents.status, 'processing');
  const q = {
    next: db
      .select({ id: documents.id, attempts: documents.readAttempts })
      .from(documents)
      .where(and(processing, orphaned(db, documents.readerInstance)))
      .orderBy(asc(documents.createdAt), asc(sql`rowid`))
      .limit(1)
      .prepare(),
    take: db
      .update(documents)
      .set({
        readerInstance: sql`${sql.placeholder('instanceId')}`,
        readAttempts: sql`${documents.readAttempts} + 1`,
      })
      .where(byId)
      .prepare(),
    get: db.select(documentColumns).from(documents).where(byId).prepare(),
    status: db.select({ status: documents.status }).from(documents).where(byId).prepare(),
    requeue: db
      .update(documents)
      .set({
        status: 'processing',
        stage: 'queued',
        error: null,
        pagesDone: 0,
        readerInstance: null,
        readAttempts: 0,
      })
      .where(byId)
      .prepare(),
    progress: db
      .update(documents)
      .set({
        stage: sql`${sql.placeholder('stage')}`,
        pagesDone: sql`coalesce(${sql.placeholder('pagesDone')}, ${documents.pagesDone})`,
        pages: sql`coalesce(${sql.placeholder('pages')}, ${documents.pages})`,
      })
      .where(and(byId, processing))
      .prepare(),
    release: db
      .update(documents)
      .set({
        stage: 'queued',
        pagesDone: 0,
        readerInstance: null,
        readAttempts: sql`max(${documents.readAttempts} - 1, 0)`,
      })
      .where(and(eq(documents.readerInstance, sql.placeholder('instanceId')), processing))
      .prepare(),
    insertChunk: db
      .insert(chunks)
      .values({
        documentId: sql.placeholder('documentId'),
        index: sql.placeholder('index'),
        text: sql.placeholder('text'),
        pageStart: sql.placeholder('pageStart'),
        pageEnd: sql.placeholder('pageEnd'),
        charStart: sql.placeholder('charStart'),
        charEnd: sql.placeholder('charEnd'),
        heading: sql.placeholder('heading'),
      })
      .returning({ id: chunks.id })
      .prepare(),
    ready: db
      .update(documents)
      .set({
        status: 'ready',
        stage: null,
        error: null,
        mediaType: sql`${sql.placeholder('mediaType')}`,
        text: sql`${sql.placeholder('text')}`,
        pageOffsets: sql`${sql.placeholder('pageOffsets')}`,
        pages: sql`${sql.placeholder('pages')}`,
        pagesFromText: sql`${sql.placeholder('pagesFromText')}`,
        pagesOcr: sql`${sql.placeholder('pagesOcr')}`,
        pagesBlank: sql`${sql.placeholder('pagesBlank')}`,
        pagesUnreadable: sql`${sql.placeholder('pagesUnreadable')}`,
        pagesDone: sql`${sql.placeholder('pages')}`,
        chunks: sql`${sql.placeholder('chunks')}`,
      })
      .where(byId)
      .prepare(),
    insertPageWords: db
      .insert(pageWords)
      .values({
        documentId: sql.placeholder('documentId'),
        page: sql.placeholder('page'),
        words: sql.placeholder('words'),
      })
      .prepare(),
    fail: db
      .update(documents)
      .set({ status: 'failed', stage: null, error: sql`${sql.placeholder('error')}` })
      .where(and(byId, processing))
      .prepare(),
  };

  return {
    // One process reads the data folder's documents, so this is today's queue in one place:
    // a document is taken in one write, and one left by a crash is taken again.
    claim: (instanceId, maxAttempts) =>
      tx.write(() => {
        for (;;) {
          const next = q.next.get({ now: Date.now() });
          if (!next) return undefined;
          q.take.run({ id: next.id, instanceId });
          if (next.attempts < maxAttempts) return next.id;
          q.fail.run({ id: next.id, error: readerKeptDying(maxAttempts) });
        }
      }),
    requeue: (id) =>
      tx.write(() => {
        q.requeue.run({ id });
        return q.get.get({ id })!;
      }),
    progress: (id, { stage, pagesDone, pages }) =>
      tx.write(
        () =>
          q.progress.run({ id, stage, pagesDone: pagesDone ?? null, pages: pages ?? null })
            .changes > 0,
      ),
    complete: (id, read) =>
      tx.write(() => {
        if (q.status.get({ id })?.status !== 'processing') return false;
        const ids = read.passages.map(
          (p) => q.insertChunk.get({ ...p, heading: p.heading ?? null, documentId: id })!.id,
        );
        index.add(
          ids.map((chunkId, i) => indexedPassage(id, { ...read.passages[i], id: chunkId })),
        );
        const { embeddings } = read;
        if (embeddings) {
          insertChunkVectors(
            db.$client,
            ids.map((chunkId, i) => ({ chunkId, documentId: id, embedding: embeddings[i] })),
          );
        }
        for (const { page, words } of pagesWithWords(read.pages)) {
          q.insertPageWords.run({ documentId: id, page, words });
        }
        q.ready.run({
          id,
          mediaType: read.mediaType,
          text: read.text,
          pageOffsets: JSON.stringify(pageOffsets(read.pages)),
          pages: read.pages.length,
          ...pageCounts(read.pages),
          chunks: read.passages.length,
        });
        return true;
      }),
    fail: (id, error) =>
      tx.write(() => {
        q.fail.run({ id, error });
      }),
    release: (instanceId) =>
      tx.write(() => {
        q.release.run({ instanceId });
      }),
    // The one process serving the data folder queues every document itself, and wakes its
    // readers as it does: there is no other instance to hear from.
    onQueued: async () => {},
  };
}
