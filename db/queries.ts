/**
 * Every query the app makes. Callers outside db/ never write SQL.
 *
 * Each write is one IMMEDIATE transaction: document readers write from their own threads, and a
 * deferred transaction can fail to upgrade its lock where an immediate one waits its turn. The
 * writes the server's thread makes are async: they wait for the lock without blocking it
 * (transactions.ts). Those only reader threads make are synchronous and say so.
 */
import { and, asc, count, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { getDb, getSearchIndex } from './client';
import {
  chatDocuments,
  chats,
  chunks,
  documents,
  type MessageStatus,
  messageSources,
  messages,
  type PageOffsets,
  pageWords,
  type StoredWord,
  searchBackfill,
} from './schema';
import type { PassageInput, ScoredPassage } from './search/index';
import {
  inReadTransaction,
  inWriteTransaction,
  preparedOnce,
  write,
  writeIfFree,
} from './transactions';
import { insertChunkVectors } from './vectors';

export type DocumentRow = Omit<typeof documents.$inferSelect, 'text' | 'sha256' | 'pageOffsets'>;
export type NewChunk = Omit<typeof chunks.$inferInsert, 'id' | 'documentId'>;
export type ChatRow = typeof chats.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type SourceRow = Omit<typeof messageSources.$inferSelect, 'id' | 'messageId'>;

const {
  text: _text,
  sha256: _sha,
  pageOffsets: _pages,
  ...documentListColumns
} = getTableColumns(documents);

// Documents

export function listDocuments(): DocumentRow[] {
  return getDb()
    .select(documentListColumns)
    .from(documents)
    .orderBy(desc(documents.createdAt), desc(sql`rowid`))
    .all();
}

export function getDocument(id: string): DocumentRow | undefined {
  return getDb().select(documentListColumns).from(documents).where(eq(documents.id, id)).get();
}

export function getDocumentFile(id: string) {
  return getDb()
    .select({ name: documents.name, mediaType: documents.mediaType, sha256: documents.sha256 })
    .from(documents)
    .where(eq(documents.id, id))
    .get();
}

export function findDocumentBySha256(sha256: string): DocumentRow | undefined {
  return getDb()
    .select(documentListColumns)
    .from(documents)
    .where(eq(documents.sha256, sha256))
    .get();
}

/**
 * A new upload, before it is read: `processing` until ingestion ends. When a document already
 * holds the same bytes, nothing is inserted and that one is returned: the check and the insert
 * are one transaction, so the same file uploaded twice at once makes one document.
 */
export function insertProcessingDocument(
  doc: Pick<typeof documents.$inferInsert, 'id' | 'name' | 'mediaType' | 'size' | 'sha256'>,
): Promise<{ document: DocumentRow; inserted: boolean }> {
  return write(() => {
    const existing = findDocumentBySha256(doc.sha256);
    if (existing) return { document: existing, inserted: false };
    getDb()
      .insert(documents)
      .values({ ...doc, status: 'processing', stage: 'queued' })
      .run();
    return { document: getDocument(doc.id)!, inserted: true };
  });
}

export function listProcessingDocumentIds(): string[] {
  return getDb()
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.status, 'processing'))
    .all()
    .map((r) => r.id);
}

/** Reader threads only: it may wait for the write lock by blocking. */
export function updateIngestionProgress(
  id: string,
  progress: { stage: string; pagesDone?: number; pages?: number },
): void {
  getDb().update(documents).set(progress).where(eq(documents.id, id)).run();
}

/** What the search index holds for a chunk: its section heading, then its text. */
function indexedPassage(
  documentId: string,
  chunk: { id: number; heading?: string | null; text: string },
): PassageInput {
  return {
    id: chunk.id,
    documentId,
    text: chunk.heading ? `${chunk.heading}\n${chunk.text}` : chunk.text,
  };
}

/** How a document's pages were read, and where the words of each page read by OCR lie. */
export interface PageReadings {
  fromText: number;
  ocr: number;
  blank: number;
  unreadable: number;
  words: Array<{ page: number; words: StoredWord[] }>;
}

/**
 * Makes a parsed document searchable: all its chunks, their search index entries, its pages'
 * words and the document's `ready` state are written in one transaction, so a crash never
 * leaves half a document searchable. Only a document still `processing` is completed: one
 * deleted, failed or completed meanwhile is left as it is (false). Reader threads only: it may
 * wait for the write lock by blocking.
 */
export function completeDocument(
  id: string,
  parsed: { mediaType: string; text: string; pageOffsets: PageOffsets[]; readings: PageReadings },
  newChunks: NewChunk[],
  /** One per chunk, in the same order, when an embedding model is configured. */
  embeddings?: Float32Array[],
): boolean {
  const db = getDb();
  return inWriteTransaction(() => {
    const current = db
      .select({ status: documents.status })
      .from(documents)
      .where(eq(documents.id, id))
      .get();
    if (current?.status !== 'processing') return false;
    const ids = newChunks.map(
      (chunk) =>
        db
          .insert(chunks)
          .values({ ...chunk, documentId: id })
          .returning({ id: chunks.id })
          .get().id,
    );
    getSearchIndex().add(
      ids.map((chunkId, i) => indexedPassage(id, { ...newChunks[i], id: chunkId })),
    );
    if (embeddings) {
      insertChunkVectors(
        ids.map((chunkId, i) => ({ chunkId, documentId: id, embedding: embeddings[i] })),
      );
    }
    const { readings } = parsed;
    for (const { page, words } of readings.words) {
      db.insert(pageWords).values({ documentId: id, page, words }).run();
    }
    db.update(documents)
      .set({
        status: 'ready',
        stage: null,
        error: null,
        mediaType: parsed.mediaType,
        text: parsed.text,
        pageOffsets: parsed.pageOffsets,
        pages: parsed.pageOffsets.length,
        pagesFromText: readings.fromText,
        pagesOcr: readings.ocr,
        pagesBlank: readings.blank,
        pagesUnreadable: readings.unreadable,
        pagesDone: parsed.pageOffsets.length,
        chunks: newChunks.length,
      })
      .where(eq(documents.id, id))
      .run();
    return true;
  });
}

/**
 * On start: indexes the documents that were searchable before Folio had its own search index
 * (migration 0004 queued them), one transaction each, so an interrupted run resumes where it
 * stopped. Returns how many it indexed.
 */
export async function indexQueuedDocuments(): Promise<number> {
  const db = getDb();
  const queued = db.select({ id: searchBackfill.documentId }).from(searchBackfill).all();
  let indexed = 0;
  for (const { id } of queued) {
    await write(() => {
      // Gone from the queue: deleted since it was listed (its chunks went with it).
      if (db.delete(searchBackfill).where(eq(searchBackfill.documentId, id)).run().changes === 0)
        return;
      const rows = db
        .select({ id: chunks.id, heading: chunks.heading, text: chunks.text })
        .from(chunks)
        .where(eq(chunks.documentId, id))
        .orderBy(asc(chunks.id))
        .all();
      getSearchIndex().add(rows.map((row) => indexedPassage(id, row)));
      indexed++;
    });
  }
  return indexed;
}

export function failDocument(id: string, error: string): Promise<void> {
  return write(() => {
    getDb()
      .update(documents)
      .set({ status: 'failed', stage: null, error })
      .where(and(eq(documents.id, id), eq(documents.status, 'processing')))
      .run();
  });
}

export function getDocumentText(id: string) {
  return getDb()
    .select({ text: documents.text, pages: documents.pageOffsets })
    .from(documents)
    .where(eq(documents.id, id))
    .get();
}

/**
 * The words OCR read on one page of a document, with their boxes (none for a page read from its
 * text), and where the page starts in the document's text. Undefined when there is no such page.
 */
export function getPageWords(
  documentId: string,
  page: number,
): { pageStart: number; words: StoredWord[] } | undefined {
  const db = getDb();
  const pages = db
    .select({ offsets: documents.pageOffsets })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get()?.offsets;
  const offsets = pages?.find((candidate) => candidate.number === page);
  if (!offsets) return undefined;
  const row = db
    .select({ words: pageWords.words })
    .from(pageWords)
    .where(and(eq(pageWords.documentId, documentId), eq(pageWords.page, page)))
    .get();
  return { pageStart: offsets.charStart, words: row?.words ?? [] };
}

/** Deletes a document with its chunks and index entries; returns its file's SHA-256. */
export function deleteDocument(id: string): Promise<string | undefined> {
  return write(() => {
    getSearchIndex().remove(id);
    return getDb()
      .delete(documents)
      .where(eq(documents.id, id))
      .returning({ sha256: documents.sha256 })
      .get()?.sha256;
  });
}

// Search

export interface PassageRow {
  chunkId: number;
  documentId: string;
  documentName: string;
  text: string;
  pageStart: number;
  pageEnd: number;
  charStart: number;
  charEnd: number;
  score: number;
}

/**
 * The k best chunks for a query by BM25, best first, with their scores (positive, higher is
 * better). Any text is a safe query: the index only tokenizes it. Only ready documents are
 * indexed, so nothing half-read is found.
 */
export function searchChunks(query: string, k: number, documentIds?: string[]): ScoredPassage[] {
  // The index reads an empty list as "none"; to the app it means "all documents".
  const scope = documentIds && documentIds.length > 0 ? documentIds : undefined;
  return getSearchIndex().search(query, { k, documentIds: scope });
}

/** searchChunks, as the passages a person reads. */
export function searchPassages(query: string, k: number, documentIds?: string[]): PassageRow[] {
  // One read transaction: the passages are those of the hits, whatever is deleted meanwhile.
  return inReadTransaction(() => {
    const hits = searchChunks(query, k, documentIds);
    const scores = new Map(hits.map((hit) => [hit.id, hit.score]));
    return getPassages(hits.map((hit) => hit.id)).map((p) => ({
      ...p,
      score: scores.get(p.chunkId)!,
    }));
  });
}

/** A JSON array bound as one value, so a query over a list of any length is prepared once. */
const inJsonList = (column: SQLiteColumn, name: string) =>
  sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(name)}))`;

const passagesQuery = preparedOnce(() =>
  getDb()
    .select({
      chunkId: chunks.id,
      documentId: chunks.documentId,
      documentName: documents.name,
      text: chunks.text,
      pageStart: chunks.pageStart,
      pageEnd: chunks.pageEnd,
      charStart: chunks.charStart,
      charEnd: chunks.charEnd,
    })
    .from(chunks)
    .innerJoin(documents, eq(documents.id, chunks.documentId))
    .where(inJsonList(chunks.id, 'chunkIds'))
    .prepare(),
);

/** Passages by chunk id, in the order given (ids no longer present are skipped). */
export function getPassages(chunkIds: number[]): Omit<PassageRow, 'score'>[] {
  if (chunkIds.length === 0) return [];
  const rows = passagesQuery().all({ chunkIds: JSON.stringify(chunkIds) });
  const byId = new Map(rows.map((r) => [r.chunkId, r]));
  return chunkIds.flatMap((id) => byId.get(id) ?? []);
}

/** A failed document uploaded again is read again (the model server may be back, say). */
export function requeueDocument(id: string): Promise<DocumentRow> {
  return write(() => {
    getDb()
      .update(documents)
      .set({ status: 'processing', stage: 'queued', error: null, pagesDone: 0 })
      .where(eq(documents.id, id))
      .run();
    return getDocument(id)!;
  });
}

const readyDocumentsQuery = preparedOnce(() =>
  getDb()
    .select({ n: count() })
    .from(documents)
    .where(
      and(
        eq(documents.status, 'ready'),
        sql`(json_array_length(${sql.placeholder('documentIds')}) = 0 OR ${inJsonList(documents.id, 'documentIds')})`,
      ),
    )
    .prepare(),
);

/** How many documents are ready, of these (empty or absent: of all). */
export function countReadyDocuments(documentIds: string[] = []): number {
  return readyDocumentsQuery().get({ documentIds: JSON.stringify(documentIds) })?.n ?? 0;
}

// Chats

export interface ChatSummary extends ChatRow {
  documentIds: string[];
}

const chatDocumentsQuery = preparedOnce(() =>
  getDb()
    .select({ id: chatDocuments.documentId })
    .from(chatDocuments)
    .where(eq(chatDocuments.chatId, sql.placeholder('chatId')))
    .prepare(),
);

function chatDocumentIds(chatId: string): string[] {
  return chatDocumentsQuery()
    .all({ chatId })
    .map((r) => r.id);
}

export function createChat(id: string, title: string, documentIds: string[]): Promise<ChatSummary> {
  const db = getDb();
  return write(() => {
    db.insert(chats).values({ id, title }).run();
    for (const documentId of documentIds)
      db.insert(chatDocuments).values({ chatId: id, documentId }).run();
    return getChat(id)!;
  });
}

export function listChats(): ChatSummary[] {
  return getDb()
    .select()
    .from(chats)
    .orderBy(desc(chats.updatedAt), desc(sql`rowid`))
    .all()
    .map((chat) => ({ ...chat, documentIds: chatDocumentIds(chat.id) }));
}

const chatQuery = preparedOnce(() =>
  getDb()
    .select()
    .from(chats)
    .where(eq(chats.id, sql.placeholder('id')))
    .prepare(),
);

export function getChat(id: string): ChatSummary | undefined {
  const chat = chatQuery().get({ id });
  return chat && { ...chat, documentIds: chatDocumentIds(id) };
}

export function updateChat(
  id: string,
  changes: { title?: string; documentIds?: string[] },
): Promise<ChatSummary | undefined> {
  const db = getDb();
  return write(() => {
    db.update(chats)
      .set({
        ...(changes.title !== undefined && { title: changes.title }),
        updatedAt: new Date(),
      })
      .where(eq(chats.id, id))
      .run();
    if (changes.documentIds) {
      db.delete(chatDocuments).where(eq(chatDocuments.chatId, id)).run();
      for (const documentId of changes.documentIds) {
        db.insert(chatDocuments).values({ chatId: id, documentId }).run();
      }
    }
    return getChat(id);
  });
}

export function deleteChat(id: string): Promise<boolean> {
  return write(() => getDb().delete(chats).where(eq(chats.id, id)).run().changes > 0);
}

// Messages

export interface MessageWithSources extends MessageRow {
  sources: SourceRow[];
}

const messagesQuery = preparedOnce(() =>
  getDb()
    .select()
    .from(messages)
    .where(eq(messages.chatId, sql.placeholder('chatId')))
    .orderBy(asc(sql`${messages}.rowid`))
    .prepare(),
);

const { id: _sourceId, ...sourceColumns } = getTableColumns(messageSources);
const chatSourcesQuery = preparedOnce(() => {
  const db = getDb();
  return db
    .select(sourceColumns)
    .from(messageSources)
    .where(
      inArray(
        messageSources.messageId,
        db
          .select({ id: messages.id })
          .from(messages)
          .where(eq(messages.chatId, sql.placeholder('chatId'))),
      ),
    )
    .orderBy(asc(messageSources.n))
    .prepare();
});

export function listMessages(chatId: string): MessageWithSources[] {
  const rows = messagesQuery().all({ chatId });
  if (rows.length === 0) return [];
  const sourcesOf = new Map<string, SourceRow[]>();
  for (const { messageId, ...source } of chatSourcesQuery().all({ chatId })) {
    const list = sourcesOf.get(messageId) ?? [];
    list.push(source);
    sourcesOf.set(messageId, list);
  }
  return rows.map((row) => ({ ...row, sources: sourcesOf.get(row.id) ?? [] }));
}

const insertMessageQuery = preparedOnce(() =>
  getDb()
    .insert(messages)
    .values({
      id: sql.placeholder('id'),
      chatId: sql.placeholder('chatId'),
      role: sql.placeholder('role'),
      content: sql.placeholder('content'),
      status: sql.placeholder('status'),
      metadata: sql.placeholder('metadata'),
      createdAt: sql.placeholder('createdAt'),
    })
    .prepare(),
);

/** Marks a chat as just used, which orders the chat list. */
const touchChatQuery = preparedOnce(() =>
  getDb()
    .update(chats)
    .set({ updatedAt: sql`${sql.placeholder('now')}` })
    .where(eq(chats.id, sql.placeholder('id')))
    .prepare(),
);

const deleteMessageQuery = preparedOnce(() =>
  getDb()
    .delete(messages)
    .where(eq(messages.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * Starts an answer in one transaction: the question is stored (or, when a question is answered
 * again, its old answer removed), then the answer, `streaming` and empty; the chat moves to the
 * top of the list.
 */
export function beginAnswer(start: {
  chatId: string;
  answerId: string;
  question?: { id: string; content: string };
  replacing?: string;
}): Promise<void> {
  const { chatId, answerId, question, replacing } = start;
  return write(() => {
    const createdAt = new Date();
    const message = { chatId, metadata: {}, createdAt };
    if (replacing) deleteMessageQuery().run({ id: replacing });
    if (question) {
      insertMessageQuery().run({ ...message, ...question, role: 'user', status: 'complete' });
    }
    insertMessageQuery().run({
      ...message,
      id: answerId,
      role: 'assistant',
      content: '',
      status: 'streaming',
    });
    touchChatQuery().run({ id: chatId, now: createdAt.getTime() });
  });
}

/** Gives an answer its final content, status and sources, all at once. */
export function finishMessage(
  id: string,
  result: {
    content: string;
    status: MessageStatus;
    metadata: Record<string, unknown>;
    sources: SourceRow[];
  },
): Promise<void> {
  return write(() => {
    finishMessageQuery().run({
      id,
      content: result.content,
      status: result.status,
      metadata: JSON.stringify(result.metadata),
    });
    deleteSourcesQuery().run({ messageId: id });
    for (const source of result.sources) insertSourceQuery().run({ ...source, messageId: id });
  });
}

const finishMessageQuery = preparedOnce(() =>
  getDb()
    .update(messages)
    .set({
      content: sql`${sql.placeholder('content')}`,
      status: sql`${sql.placeholder('status')}`,
      metadata: sql`${sql.placeholder('metadata')}`,
    })
    .where(eq(messages.id, sql.placeholder('id')))
    .prepare(),
);

const deleteSourcesQuery = preparedOnce(() =>
  getDb()
    .delete(messageSources)
    .where(eq(messageSources.messageId, sql.placeholder('messageId')))
    .prepare(),
);

const insertSourceQuery = preparedOnce(() =>
  getDb()
    .insert(messageSources)
    .values({
      messageId: sql.placeholder('messageId'),
      n: sql.placeholder('n'),
      chunkId: sql.placeholder('chunkId'),
      documentId: sql.placeholder('documentId'),
      documentName: sql.placeholder('documentName'),
      pageStart: sql.placeholder('pageStart'),
      pageEnd: sql.placeholder('pageEnd'),
      charStart: sql.placeholder('charStart'),
      charEnd: sql.placeholder('charEnd'),
      text: sql.placeholder('text'),
      score: sql.placeholder('score'),
      cited: sql.placeholder('cited'),
    })
    .prepare(),
);

const checkpointQuery = preparedOnce(() =>
  getDb()
    .update(messages)
    .set({ content: sql`${sql.placeholder('content')}` })
    .where(and(eq(messages.id, sql.placeholder('id')), eq(messages.status, 'streaming')))
    .prepare(),
);

/**
 * Saves how far the answers being written have got, all in one transaction, so that a crash
 * keeps them. Never waits for the write lock: returns false when it was taken and nothing was
 * saved (the next checkpoint will be); a finished answer is never touched.
 */
export function checkpointMessages(answers: { id: string; content: string }[]): boolean {
  const query = checkpointQuery();
  const saved = writeIfFree(() => {
    for (const answer of answers) query.run(answer);
  });
  return 'written' in saved;
}

/** On start: answers that were streaming when the process died will never finish. */
export function markStreamingMessagesInterrupted(): Promise<number> {
  return write(
    () =>
      getDb()
        .update(messages)
        .set({ status: 'interrupted' })
        .where(eq(messages.status, 'streaming'))
        .run().changes,
  );
}

export { isStorageError } from './transactions';
