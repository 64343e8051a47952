/**
 * The PostgreSQL backend's tables: the same library as db/sqlite/schema.ts, plus the original
 * files' bytes, which live in the database here so that nothing but it is needed beside the app.
 * Each table that lists in the order rows were written has a `seq` (SQLite's rowid).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { StoredWord } from '../page-readings';
import { documentStatuses, messageStatuses, type PageOffsets } from '../types';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const timestampMs = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: 'date' }).notNull();

const seq = () => bigint('seq', { mode: 'number' }).generatedByDefaultAsIdentity().notNull();

export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    seq: seq(),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /**
     * SHA-256 of the original bytes, which file_parts holds under it. Documents in different
     * collections may hold the same bytes, and share those parts.
     */
    sha256: text('sha256').notNull(),
    status: text('status', { enum: documentStatuses }).notNull(),
    /** What reading is doing now, while status is processing. */
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
    pageOffsets: jsonb('page_offsets').$type<PageOffsets[]>(),
    createdAt: timestampMs('created_at'),
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
    index('documents_list_idx').on(t.createdAt, t.seq),
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
 * A document's original bytes in parts of at most a mebibyte, so that neither storing nor
 * serving a large file needs one value the size of the file.
 */
export const fileParts = pgTable(
  'file_parts',
  {
    sha256: text('sha256').notNull(),
    part: integer('part').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.part] })],
);

/** Passages of a document; the search index (db/postgres/search) indexes each one. */
export const chunks = pgTable(
  'chunks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

/** Where the words of each page read by OCR lie (see db/page-readings.ts), one row a page. */
export const pageWords = pgTable(
  'page_words',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    page: integer('page').notNull(),
    words: jsonb('words').$type<StoredWord[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.page] })],
);

export const chats = pgTable(
  'chats',
  {
    id: text('id').primaryKey(),
    seq: seq(),
    title: text('title').notNull(),
    createdAt: timestampMs('created_at'),
    updatedAt: timestampMs('updated_at'),
  },
  (t) => [index('chats_list_idx').on(t.updatedAt, t.seq)],
);

/** The documents a chat asks; a chat with none asks all documents. */
export const chatDocuments = pgTable(
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

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    seq: seq(),
    chatId: text('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: messageStatuses }).notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
    createdAt: timestampMs('created_at'),
    /** The instance writing it (see `instances`), for an answer. */
    instanceId: text('instance_id'),
  },
  (t) => [
    index('messages_chat_idx').on(t.chatId, t.seq),
    index('messages_streaming_idx').on(t.status).where(sql`${t.status} = 'streaming'`),
  ],
);

/**
 * A snapshot of a passage as it was when the answer used it (see db/types.ts Source); chunkId
 * and documentId are plain values, not foreign keys, so it outlives them.
 */
export const messageSources = pgTable(
  'message_sources',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    chunkId: integer('chunk_id'),
    documentId: text('document_id').notNull(),
    documentName: text('document_name').notNull(),
    pageStart: integer('page_start').notNull(),
    pageEnd: integer('page_end').notNull(),
    charStart: integer('char_start'),
    charEnd: integer('char_end'),
    text: text('text').notNull(),
    score: doublePrecision('score').notNull(),
    cited: boolean('cited').notNull(),
  },
  (t) => [index('message_sources_message_idx').on(t.messageId, t.n)],
);

/** Browsers signed in with FOLIO_PASSWORD (see db/types.ts Session); signing out deletes the row. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  passwordTag: text('password_tag').notNull(),
  expiresAt: timestampMs('expires_at'),
});

/**
 * Copies of a SQLite data folder into this database (npm run folio -- copy-to-postgres): a copy
 * cut short is resumed from its source, and a finished one is only verified again.
 */
export const libraryCopies = pgTable('library_copies', {
  /** The SQLite database file copied from. */
  source: text('source').primaryKey(),
  startedAt: timestampMs('started_at'),
  finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3, mode: 'date' }),
});

/**
 * The instances serving this database, each with a lease that it renews while it lives: the
 * answers it writes and the documents it reads are its own until the lease runs out.
 */
export const instances = pgTable('instances', {
  id: text('id').primaryKey(),
  leaseUntil: timestamp('lease_until', {
    withTimezone: true,
    precision: 3,
    mode: 'date',
  }).notNull(),
});
