/**
 * SQLite has one write lock, which a document reader holds, from its own thread and connection,
 * while it stores a document. The server's thread must never sleep waiting for it.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '@/db';
import { freshSettings } from '../../support/backends';

let storage: Storage;
let dataDir: string;

const answer = async (id: string) =>
  (await storage.messages.list('chat')).find((m) => m.id === id)!;
const ask = (answerId: string) =>
  storage.messages.begin({
    chatId: 'chat',
    answerId,
    question: { id: `q-${answerId}`, content: 'When?' },
  });
/** Another connection holding the write lock, as a document reader storing a document does. */
function takeWriteLock() {
  const reader = new Database(path.join(dataDir, 'folio.db'));
  reader.exec('BEGIN IMMEDIATE');
  return {
    release() {
      reader.exec('COMMIT');
      reader.close();
    },
  };
}

beforeAll(async () => {
  const settings = await freshSettings('sqlite');
  if (settings.backend !== 'sqlite') throw new Error('SQLite settings expected');
  dataDir = settings.dataDir;
  storage = await openStorage(settings);
  await storage.chats.create('chat', 'Tides', []);
  await ask('a');
});

describe('a checkpoint', () => {
  it('skips, rather than waits, while another connection holds the write lock', async () => {
    await storage.messages.checkpoint([{ id: 'a', content: 'High tide' }]);
    const lock = takeWriteLock();
    try {
      expect(await storage.messages.checkpoint([{ id: 'a', content: 'High tide comes' }])).toBe(
        false,
      );
    } finally {
      lock.release();
    }
    expect((await answer('a')).content).toBe('High tide');
    expect(await storage.messages.checkpoint([{ id: 'a', content: 'High tide comes' }])).toBe(true);
    expect((await answer('a')).content).toBe('High tide comes');
  });
});

describe('a write from the thread that streams answers', () => {
  it('waits for a lock another connection holds without blocking the event loop', async () => {
    const lock = takeWriteLock();
    const stored = ask('c');
    // The event loop still turns while the write waits: timers fire, answers would stream.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await storage.messages.list('chat')).some((m) => m.id === 'c')).toBe(false);
    lock.release();
    await stored;
    expect(await answer('c')).toMatchObject({ status: 'streaming', content: '' });
    expect((await answer('q-c')).content).toBe('When?');
  });
});
