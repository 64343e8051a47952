import { customType, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Each passage's lexemes, for PostgreSQL's full-text search. */
export const searchPassages = pgTable(
  'search_passages',
  {
    chunkId: integer('chunk_id').primaryKey(),
    documentId: text('document_id').notNull(),
    lexemes: tsvector('lexemes').notNull(),
  },
  (t) => [
    index('search_passages_lexemes_idx').using('gin', t.lexemes),
    index('search_passages_document_idx').on(t.documentId),
  ],
);
