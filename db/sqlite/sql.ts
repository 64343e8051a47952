import { getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { documents } from './schema';

/** A JSON array bound as one value, so a query over a list of any length is prepared once. */
export const inJsonList = (column: SQLiteColumn, name: string) =>
  sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(name)}))`;

const {
  text: _text,
  sha256: _sha,
  pageOffsets: _pages,
  readerInstance: _reader,
  readAttempts: _attempts,
  collectionId: _collection,
  ...listed
} = getTableColumns(documents);
/** A document's columns as the library lists it: without its text. */
export const documentColumns = listed;
