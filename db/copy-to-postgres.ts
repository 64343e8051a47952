/**
 * Moving house: copies a SQLite data folder (documents, their passages, their embeddings, their
 * pages' recognised words and original files, chats, messages and sources, and with accounts
 * the people, their sessions, sign-in methods and API keys, collections and their members,
 * invitations, chats' owners and share links) into an empty PostgreSQL database, then checks
 * the copy. Embeddings need pgvector on the server; without it they stay behind, and the report
 * says so and why.
 *
 * The accounts go first, in one transaction; then each document (with its passages, their index
 * entries and embeddings, and its file) and each chat (with its messages and their sources, its
 * owner and its share link) is copied in one transaction, so a copy cut short holds whole
 * documents and chats only, and running it again copies what is missing. Ids, and the order in
 * which rows were written, are kept: a passage cited by an old answer is the same passage in
 * the copy. The check compares both sides table by table: row counts, and a SHA-256 over every
 * row in key order; and each original file's bytes against its SHA-256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { indexedText } from './indexed-text';
import * as targetAccounts from './postgres/accounts-schema';
import { inTransaction, openPool } from './postgres/client';
import * as target from './postgres/schema';
import { createPgSearchIndex } from './postgres/search/index';
import { storable } from './postgres/storable';
import { type ChunkVector, createPgVectorIndex } from './postgres/vectors';
import * as sourceAccounts from './sqlite/accounts-schema';
import { databaseFile, openDatabase } from './sqlite/client';
import * as source from './sqlite/schema';

export interface CopyReport {
  documents: number;
  chats: number;
  /** Documents and chats already there from an earlier run, left as they were. */
  alreadyCopied: number;
  /** What the check compared, one line each. */
  checked: string[];
  /** Differences the check found; none when the copy is whole. */
  problems: string[];
  /** What was not copied, and why. */
  notes: string[];
}

export class CopyRefused extends Error {}

const partBytes = 1024 * 1024;

/** SHA-256 of rows, each as canonical JSON, in the order given. */
function digest(rows: unknown[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

/**
 * A value as both sides are compared: text as PostgreSQL holds it, dates as milliseconds, and
 * objects' keys sorted (jsonb keeps them in an order of its own).
 */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries.map(([key, v]) => [key, comparable(v)]));
  }
  return storable(value);
}

export async function copyToPostgres(options: {
  dataDir: string;
  url: string;
  onProgress?: (line: string) => void;
}): Promise<CopyReport> {
  const say = options.onProgress ?? (() => undefined);
  const file = databaseFile(options.dataDir);
  if (!fs.existsSync(file)) throw new CopyRefused(`There is no Folio database at ${file}.`);
  const from = openDatabase(file, { waitsAsleep: true });
  let pool: pg.Pool;
  try {
    // One connection: the copy does one thing at a time.
    pool = await openPool(options.url, { max: 1 });
  } catch (error) {
    from.$client.close();
    throw new CopyRefused((error as Error).message, { cause: error });
  }
  try {
    const to = drizzle({ client: pool });
    await claimTarget(to, file);
    const report: CopyReport = {
      documents: 0,
      chats: 0,
      alreadyCopied: 0,
      checked: [],
      problems: [],
      notes: [],
    };
    await copyAccounts(from, pool, say);
    const index = createPgSearchIndex(pool);
    const vectors = createPgVectorIndex(pool);
    const vectorSupport = await vectors.support();
    const vectorTables = vectorTablesOf(from.$client);

    const documents = from
      .select({ rowid: sql<number>`rowid`, ...getTableColumns(source.documents) })
      .from(source.documents)
      .orderBy(sql`rowid`)
      .all();
    const copiedDocuments = new Set(
      (await to.select({ id: target.documents.id }).from(target.documents)).map((r) => r.id),
    );
    for (const [n, { rowid, ...document }] of documents.entries()) {
      if (copiedDocuments.has(document.id)) {
        report.alreadyCopied++;
        continue;
      }
      const original = path.join(
        options.dataDir,
        'files',
        document.sha256.slice(0, 2),
        document.sha256,
      );
      if (!fs.existsSync(original)) {
        report.notes.push(
          `${document.name}: its original file is missing, so only its text was copied.`,
        );
      }
      const passages = from
        .select()
        .from(source.chunks)
        .where(eq(source.chunks.documentId, document.id))
        .orderBy(asc(source.chunks.id))
        .all();
      const words = from
        .select()
        .from(source.pageWords)
        .where(eq(source.pageWords.documentId, document.id))
        .all();
      await inTransaction(pool, async ({ db, client }) => {
        await db.delete(target.fileParts).where(eq(target.fileParts.sha256, document.sha256));
        if (fs.existsSync(original)) {
          let part = 0;
          for await (const bytes of fs.createReadStream(original, { highWaterMark: partBytes })) {
            await db
              .insert(target.fileParts)
              .values({ sha256: document.sha256, part: part++, bytes });
          }
        }
        await db.insert(target.documents).values(storable({ ...document, seq: rowid }));
        for (let at = 0; at < passages.length; at += 1000) {
          await db.insert(target.chunks).values(storable(passages.slice(at, at + 1000)));
        }
        for (let at = 0; at < words.length; at += 1000) {
          await db.insert(target.pageWords).values(words.slice(at, at + 1000));
        }
        await index.add(
          client,
          passages.map((p) => ({
            id: p.id,
            documentId: document.id,
            text: storable(indexedText(p)),
          })),
        );
        if (vectorSupport.available) {
          for (const table of vectorTables) {
            await vectors.insert(client, sqliteVectors(from.$client, table, document.id));
          }
        }
      });
      report.documents++;
      say(`copied document ${n + 1} of ${documents.length}: ${document.name}`);
    }

    const chats = from
      .select({ rowid: sql<number>`rowid`, ...getTableColumns(source.chats) })
      .from(source.chats)
      .orderBy(sql`rowid`)
      .all();
    const copiedChats = new Set(
      (await to.select({ id: target.chats.id }).from(target.chats)).map((r) => r.id),
    );
    for (const [n, { rowid, ...chat }] of chats.entries()) {
      if (copiedChats.has(chat.id)) {
        report.alreadyCopied++;
        continue;
      }
      const links = from
        .select()
        .from(source.chatDocuments)
        .where(eq(source.chatDocuments.chatId, chat.id))
        .all();
      const messages = from
        .select({ rowid: sql<number>`rowid`, ...getTableColumns(source.messages) })
        .from(source.messages)
        .where(eq(source.messages.chatId, chat.id))
        .orderBy(sql`rowid`)
        .all();
      const sources = from
        .select()
        .from(source.messageSources)
        .innerJoin(source.messages, eq(source.messages.id, source.messageSources.messageId))
        .where(eq(source.messages.chatId, chat.id))
        .orderBy(asc(source.messageSources.id))
        .all()
        .map((r) => r.message_sources);
      const owner = from
        .select()
        .from(sourceAccounts.chatOwners)
        .where(eq(sourceAccounts.chatOwners.chatId, chat.id))
        .all();
      const shareLink = from
        .select()
        .from(sourceAccounts.shareLinks)
        .where(eq(sourceAccounts.shareLinks.chatId, chat.id))
        .all();
      await inTransaction(pool, async ({ db }) => {
        await db.insert(target.chats).values(storable({ ...chat, seq: rowid }));
        if (owner.length) await db.insert(targetAccounts.chatOwners).values(owner);
        if (shareLink.length) await db.insert(targetAccounts.shareLinks).values(shareLink);
        if (links.length) await db.insert(target.chatDocuments).values(links);
        if (messages.length) {
          await db
            .insert(target.messages)
            .values(messages.map(({ rowid: seq, ...m }) => storable({ ...m, seq })));
        }
        for (let at = 0; at < sources.length; at += 1000) {
          await db.insert(target.messageSources).values(storable(sources.slice(at, at + 1000)));
        }
      });
      report.chats++;
      say(`copied chat ${n + 1} of ${chats.length}: ${chat.title}`);
    }

    await continueSequences(pool);
    if (vectorSupport.available) {
      await checkVectors(from.$client, pool, vectorTables, report);
    } else {
      const left = vectorTables.reduce((sum, table) => sum + countRows(from.$client, table), 0);
      if (left > 0) {
        report.notes.push(
          `${left} passage embeddings were not copied, as ${vectorSupport.reason}; the copied documents are found by BM25 alone.`,
        );
      }
    }
    await check(from, to, options.dataDir, report);
    if (report.problems.length === 0) {
      await to
        .update(target.libraryCopies)
        .set({ finishedAt: new Date() })
        .where(eq(target.libraryCopies.source, file));
    }
    return report;
  } finally {
    from.$client.close();
    await pool.end();
  }
}

/**
 * Makes sure the database is empty, or holds a copy of this same file (cut short or finished),
 * and records that it holds this copy.
 */
async function claimTarget(to: ReturnType<typeof drizzle>, file: string) {
  const copies = await to.select().from(target.libraryCopies);
  const { rows } = await to.execute<{ n: string }>(
    sql`SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM chats)
               + (SELECT count(*) FROM auth_user) AS n`,
  );
  const other = copies.find((c) => c.source !== file);
  if (other || (copies.length === 0 && Number(rows[0].n) > 0)) {
    throw new CopyRefused(
      other
        ? `This database holds a copy of ${other.source}: copy ${file} into an empty database.`
        : 'This database already holds a library: copy into an empty database.',
    );
  }
  if (copies.length === 0) {
    await to.insert(target.libraryCopies).values({ source: file, startedAt: new Date() });
  }
}

/**
 * The accounts' tables that hold no chat, each paired with its copy, in an order in which each
 * row's references are there before it. Chats' owners and share links go with their chats.
 */
const accountTables = [
  ['people', sourceAccounts.authUser, targetAccounts.authUser],
  ['sessions', sourceAccounts.authSession, targetAccounts.authSession],
  ['sign-in methods', sourceAccounts.authAccount, targetAccounts.authAccount],
  ['verifications', sourceAccounts.authVerification, targetAccounts.authVerification],
  ['API keys', sourceAccounts.authApiKey, targetAccounts.authApiKey],
  ['collections', sourceAccounts.collections, targetAccounts.collections],
  ['collection members', sourceAccounts.collectionMembers, targetAccounts.collectionMembers],
  ['invitations', sourceAccounts.invitations, targetAccounts.invitations],
] as const;

/** The accounts (empty unless FOLIO_AUTH=accounts was used), all at once; again, what is missing. */
async function copyAccounts(
  from: ReturnType<typeof openDatabase>,
  pool: pg.Pool,
  say: (line: string) => void,
) {
  const counts: string[] = [];
  await inTransaction(pool, async ({ db }) => {
    for (const [name, sourceTable, targetTable] of accountTables) {
      const rows = from.select().from(sourceTable).all();
      for (let at = 0; at < rows.length; at += 1000) {
        await db
          .insert(targetTable)
          .values(storable(rows.slice(at, at + 1000)) as never)
          .onConflictDoNothing();
      }
      if (rows.length > 0) counts.push(`${rows.length} ${name}`);
    }
  });
  if (counts.length > 0) say(`copied accounts: ${counts.join(', ')}`);
}

/** Identity columns go on from the highest id copied, so new rows never take a copied one. */
async function continueSequences(pool: pg.Pool) {
  for (const [table, column] of [
    ['documents', 'seq'],
    ['chunks', 'id'],
    ['chats', 'seq'],
    ['messages', 'seq'],
    ['message_sources', 'id'],
  ]) {
    await pool.query(
      `SELECT setval(pg_get_serial_sequence('${table}', '${column}'),
                     greatest((SELECT max(${column}) FROM ${table}), 1),
                     (SELECT max(${column}) IS NOT NULL FROM ${table}))`,
    );
  }
}

type Sqlite = ReturnType<typeof openDatabase>['$client'];

/** sqlite-vec's tables of embeddings, one per embedding size (db/vectors.ts). */
function vectorTablesOf(sqlite: Sqlite): string[] {
  // Not their shadow tables (chunk_vectors_4_vector_chunks00, …), which sqlite-vec keeps.
  const names = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'chunk_vectors_%'")
    .pluck()
    .all() as string[];
  return names.filter((name) => /^chunk_vectors_\d+$/.test(name));
}

const countRows = (sqlite: Sqlite, table: string) =>
  Number(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

/** A table's embeddings, of one document or (without one) all, in chunk id order. */
function sqliteVectors(sqlite: Sqlite, table: string, documentId?: string): ChunkVector[] {
  const rows = sqlite
    .prepare(
      `SELECT chunk_id AS chunkId, document_id AS documentId, embedding FROM ${table}
       ${documentId === undefined ? '' : 'WHERE document_id = ?'} ORDER BY chunk_id`,
    )
    .all(...(documentId === undefined ? [] : [documentId])) as Array<{
    chunkId: number | bigint;
    documentId: string;
    embedding: Buffer;
  }>;
  return rows.map((row) => ({
    chunkId: Number(row.chunkId),
    documentId: row.documentId,
    embedding: new Float32Array(new Uint8Array(row.embedding).buffer),
  }));
}

/** Each table of embeddings on both sides: row counts, and a SHA-256 over every row. */
async function checkVectors(sqlite: Sqlite, pool: pg.Pool, tables: string[], report: CopyReport) {
  for (const table of tables) {
    // sqlite-vec's table is made by a first search too: PostgreSQL's, by a first embedding.
    const { rows: made } = await pool.query('SELECT to_regclass($1) IS NOT NULL AS made', [table]);
    const { rows } = made[0].made
      ? await pool.query<{ chunkId: number; documentId: string; embedding: string }>(
          `SELECT chunk_id::float8 AS "chunkId", document_id AS "documentId", embedding::text
           FROM ${table} ORDER BY chunk_id`,
        )
      : { rows: [] };
    const copied = rows.map((row) => ({
      ...row,
      embedding: Float32Array.from(JSON.parse(row.embedding) as number[]),
    }));
    const rowsOf = (vectors: ChunkVector[]) =>
      vectors.map((v) => [v.chunkId, v.documentId, Array.from(v.embedding)]);
    const original = sqliteVectors(sqlite, table);
    const [a, b] = [original, copied].map((vectors) => digest(rowsOf(vectors)));
    const name = `embeddings (${table})`;
    if (original.length !== copied.length) {
      report.problems.push(`${name}: ${original.length} in SQLite, ${copied.length} in PostgreSQL`);
    } else if (a !== b) {
      report.problems.push(`${name}: the same ${original.length} rows, but their contents differ`);
    }
    report.checked.push(`${name}: ${copied.length} rows, SHA-256 ${b.slice(0, 16)}…`);
  }
}

/** Rows in one order on both sides: by their values, column by column, as canonical JSON. */
function byEveryColumn(a: object, b: object): number {
  const [x, y] = [a, b].map((row) => JSON.stringify(comparable(row)));
  return x < y ? -1 : x > y ? 1 : 0;
}

async function check(
  from: ReturnType<typeof openDatabase>,
  to: ReturnType<typeof drizzle>,
  dataDir: string,
  report: CopyReport,
) {
  const { seq: _d, ...documentColumns } = getTableColumns(target.documents);
  const { seq: _c, ...chatColumns } = getTableColumns(target.chats);
  const { seq: _m, ...messageColumns } = getTableColumns(target.messages);
  const tables = [
    {
      name: 'documents',
      sqlite: from.select().from(source.documents).orderBy(source.documents.id).all(),
      postgres: await to
        .select(documentColumns)
        .from(target.documents)
        .orderBy(target.documents.id),
    },
    {
      name: 'passages',
      sqlite: from.select().from(source.chunks).orderBy(source.chunks.id).all(),
      postgres: await to.select().from(target.chunks).orderBy(target.chunks.id),
    },
    {
      name: 'page words',
      sqlite: from
        .select()
        .from(source.pageWords)
        .orderBy(source.pageWords.documentId, source.pageWords.page)
        .all(),
      postgres: await to
        .select()
        .from(target.pageWords)
        .orderBy(target.pageWords.documentId, target.pageWords.page),
    },
    {
      name: 'chats',
      sqlite: from.select().from(source.chats).orderBy(source.chats.id).all(),
      postgres: await to.select(chatColumns).from(target.chats).orderBy(target.chats.id),
    },
    {
      name: "chats' documents",
      sqlite: from
        .select()
        .from(source.chatDocuments)
        .orderBy(source.chatDocuments.chatId, source.chatDocuments.documentId)
        .all(),
      postgres: await to
        .select()
        .from(target.chatDocuments)
        .orderBy(target.chatDocuments.chatId, target.chatDocuments.documentId),
    },
    {
      name: 'messages',
      sqlite: from.select().from(source.messages).orderBy(source.messages.id).all(),
      postgres: await to.select(messageColumns).from(target.messages).orderBy(target.messages.id),
    },
    {
      name: 'sources',
      sqlite: from.select().from(source.messageSources).orderBy(source.messageSources.id).all(),
      postgres: await to.select().from(target.messageSources).orderBy(target.messageSources.id),
    },
    ...(await Promise.all(
      [
        ...accountTables,
        ['chat owners', sourceAccounts.chatOwners, targetAccounts.chatOwners] as const,
        ['share links', sourceAccounts.shareLinks, targetAccounts.shareLinks] as const,
      ].map(async ([name, sourceTable, targetTable]) => ({
        name,
        // In the order of every column: each table's key is among them.
        sqlite: from.select().from(sourceTable).all().sort(byEveryColumn),
        postgres: (await to.select().from(targetTable)).sort(byEveryColumn),
      })),
    )),
  ];
  for (const { name, sqlite, postgres } of tables) {
    const [a, b] = [sqlite, postgres].map((rows) => digest(rows.map(comparable)));
    if (sqlite.length !== postgres.length) {
      report.problems.push(`${name}: ${sqlite.length} in SQLite, ${postgres.length} in PostgreSQL`);
    } else if (a !== b) {
      report.problems.push(`${name}: the same ${sqlite.length} rows, but their contents differ`);
    }
    report.checked.push(`${name}: ${postgres.length} rows, SHA-256 ${b.slice(0, 16)}…`);
  }

  let files = 0;
  for (const { sha256, name } of from.select().from(source.documents).all()) {
    if (!fs.existsSync(path.join(dataDir, 'files', sha256.slice(0, 2), sha256))) continue;
    const hash = createHash('sha256');
    const parts = await to
      .select({ bytes: target.fileParts.bytes })
      .from(target.fileParts)
      .where(eq(target.fileParts.sha256, sha256))
      .orderBy(target.fileParts.part);
    for (const { bytes } of parts) hash.update(bytes);
    if (hash.digest('hex') === sha256) files++;
    else report.problems.push(`${name}: its original file's bytes differ from its SHA-256`);
  }
  report.checked.push(`original files: ${files}, each matching its SHA-256`);
}
