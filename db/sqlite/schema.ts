import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { StoredWord } from '../page-readings';
import { documentStatuses, messageStatuses, type PageOffsets } from '../types';

const timestamp = (name: string) =>
  integer(name, { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date());

export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    /**
     * SHA-256 of the original bytes: the file's name in the content-addressed folder. Documents
     * in different collections may hold the same bytes, and share that file.
     */
    sha256: text('sha256').notNull(),
    status: text('status', { enum: documentStatuses }).notNull(),
    /** What ingestion is doing now, while status is processing. */
    stage: text('stage'),
    pages: integer('pages').notNull().default(0),
    /** Of `pages`: read from the file's text, read by OCR, blank, and showing text not read. */
    pagesFromText: integer('pages_from_text').notNull().default(0),
    pagesOcr: integer('pages_ocr').notNull().default(0),
    pagesBlank: integer('pages_blank').notNull().default(0),
    pagesUnreadable: integer('pages_unreadable').notNull().default(0),
    pagesDone: integer('pages_done').notNull().default(0),
    chunks: integer('chunks').notNull().default(0),
    error: text('error'),
    /** The extracted text that chunk offsets point into. */
    text: text('text'),
    /** Where each page lies in `text`. */
    pageOffsets: text('page_offsets', { mode: 'json' }).$type<PageOffsets[]>(),
    createdAt: timestamp('created_at'),
    /** The instance reading it (see `instances`), while it is `processing`; none while queued. */
    readerInstance: text('reader_instance'),
    /** How many times an instance has taken it to read: one that kills its readers runs out. */
    readAttempts: integer('read_attempts').notNull().default(0),
    /**
     * The collection it is in (FOLIO_AUTH=accounts, see accounts-schema.ts); none in the other
     * modes, or when kept before accounts were on.
     */
    collectionId: text('collection_id'),
  },
  (t) => [
    // The queue of documents to read, which each lease renewal looks at.
    index('documents_processing_idx').on(t.status).where(sql`${t.status} = 'processing'`),
    // The same bytes are one document per collection, and one among those in none: a person
    // is never told that bytes they upload are kept where they cannot look.
    uniqueIndex('documents_collection_sha256_unique').on(t.sha256, t.collectionId),
    uniqueIndex('documents_sha256_uncollected_unique')
      .on(t.sha256)
      .where(sql`${t.collectionId} IS NULL`),
    index('documents_collection_idx').on(t.collectionId),
  ],
);

/**
 * Passages of a document. Folio's search index (db/search, tables of its own) indexes each one's
 * heading and text, written in the same transaction as the chunk rows.
 */
export const chunks = sqliteTable(
  'chunks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    text: text('text').notNull(),
    pageStart: integer('page_start').notNull(),
    pageEnd: integer('page_end').notNull(),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    heading: text('heading'),
  },
  (t) => [index('chunks_document_idx').on(t.documentId, t.index)],
);

/**
 * Where the words of each page read by OCR lie, so the viewer can mark a passage on the page's
 * picture. Kept apart from the document row: a scanned book's boxes run to megabytes, and only
 * the page on screen is ever needed.
 */
export const pageWords = sqliteTable(
  'page_words',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    page: integer('page').notNull(),
    words: text('words', { mode: 'json' }).$type<StoredWord[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.page] })],
);

/**
 * Ready documents whose passages are not in the search index yet: filled once by the migration
 * that replaced FTS5 with Folio's own index, and emptied on start as each is indexed.
 */
export const searchBackfill = sqliteTable('search_backfill', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
});

export const chats = sqliteTable('chats', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  createdAt: timestamp('created_at'),
  updatedAt: timestamp('updated_at'),
});

/** The documents a chat asks; a chat with none asks all documents. */
export const chatDocuments = sqliteTable(
  'chat_documents',
  {
    chatId: text('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.documentId] })],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    chatId: text('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: messageStatuses }).notNull(),
    metadata: text('metadata', { mode: 'json' })
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    createdAt: timestamp('created_at'),
    /** The instance writing it (see `instances`), for an answer. */
    instanceId: text('instance_id'),
  },
  (t) => [
    index('messages_chat_idx').on(t.chatId, t.createdAt),
    // The answers being written, which each lease renewal looks at for orphans.
    index('messages_streaming_idx').on(t.status).where(sql`${t.status} = 'streaming'`),
  ],
);

/**
 * A snapshot of a passage as it was when the answer used it, so an old answer stays
 * readable after its document changes or goes. chunkId and documentId are plain values,
 * not foreign keys, for the same reason.
 */
export const messageSources = sqliteTable(
  'message_sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    chunkId: integer('chunk_id'),
    documentId: text('document_id').notNull(),
    documentName: text('document_name').notNull(),
    pageStart: integer('page_start').notNull(),
    pageEnd: integer('page_end').notNull(),
    /** Where the passage lay in its document's extracted text, to highlight it there. */
    charStart: integer('char_start'),
    charEnd: integer('char_end'),
    text: text('text').notNull(),
    score: real('score').notNull(),
    cited: integer('cited', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('message_sources_message_idx').on(t.messageId, t.n)],
);

/**
 * Browsers signed in with FOLIO_PASSWORD. The browser holds a random token and only its SHA-256
 * is kept, so what is stored here cannot be replayed as a cookie; signing out deletes the row.
 */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  /** A slow digest of the password it was opened with: a new password ends every session. */
  passwordTag: text('password_tag').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * The process serving this data folder (one at a time: it is locked), with a lease as on
 * PostgreSQL, so that both backends keep the answers and documents of an instance alike.
 */
export const instances = sqliteTable('instances', {
  id: text('id').primaryKey(),
  /** Milliseconds since the epoch. */
  leaseUntil: integer('lease_until').notNull(),
});
