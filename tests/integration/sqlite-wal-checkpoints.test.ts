/**
 * SQLite writes into its write-ahead log (folio.db-wal) first. A thread of the server's copies
 * the log into folio.db every second, so the log does not grow without end and a copy of
 * folio.db alone, a backup say, holds what was written moments ago.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChat } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';

let folio: FolioServer;

beforeAll(async () => {
  folio = await startFolio();
});
afterAll(async () => {
  await folio?.stop();
});

/** The chat titles in a copy of folio.db without its write-ahead log (none yet: no table). */
function titlesInDatabaseFile(): string[] {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-copy-')), 'folio.db');
  fs.copyFileSync(path.join(folio.dataDir, 'folio.db'), copy);
  const db = new Database(copy, { readonly: true });
  try {
    const hasChats = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chats'")
      .get();
    if (!hasChats) return [];
    return db.prepare('SELECT title FROM chats').pluck().all().map(String).sort();
  } finally {
    db.close();
  }
}

it('copies what the server wrote into the database file within seconds', async () => {
  const titles = Array.from({ length: 30 }, (_, i) => `Chat ${String(i).padStart(2, '0')}`);
  for (const title of titles) await createChat(folio.url, { title });
  let found: string[] = [];
  for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
    found = titlesInDatabaseFile();
    if (found.length === titles.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(found).toEqual(titles);
});
