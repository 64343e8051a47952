import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-checkpoint-'));
process.env.FOLIO_DATA_DIR = dataDir;
const { beginAnswer, checkpointMessages, createChat, finishMessage, isStorageError, listMessages } =
  await import('@/db/queries');

const answer = (id: string) => listMessages('chat').find((m) => m.id === id)!;

const checkpointMessage = (id: string, content: string) => checkpointMessages([{ id, content }]);

const ask = (answerId: string) =>
  beginAnswer({ chatId: 'chat', answerId, question: { id: `q-${answerId}`, content: 'When?' } });

beforeAll(async () => {
  await createChat('chat', 'Tides', []);
  await ask('a');
});

describe('checkpoints of an answer being written', () => {
  it('save the text so far to the streaming answer', () => {
    expect(checkpointMessage('a', 'High tide')).toBe(true);
    expect(answer('a')).toMatchObject({ status: 'streaming', content: 'High tide' });
  });

  it('skip, rather than wait, while another connection holds the write lock', () => {
    // A document reader storing a document, from its own thread and connection.
    const reader = new Database(path.join(dataDir, 'folio.db'));
    reader.exec('BEGIN IMMEDIATE');
    try {
      expect(checkpointMessage('a', 'High tide comes')).toBe(false);
    } finally {
      reader.exec('ROLLBACK');
      reader.close();
    }
    expect(answer('a').content).toBe('High tide');
    expect(checkpointMessage('a', 'High tide comes')).toBe(true);
    expect(answer('a').content).toBe('High tide comes');
  });

  it('save every answer being written in one go', async () => {
    await ask('b');
    expect(
      checkpointMessages([
        { id: 'a', content: 'High tide comes at' },
        { id: 'b', content: 'Low tide' },
      ]),
    ).toBe(true);
    expect(answer('a').content).toBe('High tide comes at');
    expect(answer('b').content).toBe('Low tide');
  });

  it('never touch an answer once it is finished', async () => {
    await finishMessage('a', {
      content: 'High tide comes later.',
      status: 'complete',
      metadata: {},
      sources: [],
    });
    checkpointMessage('a', 'High tide comes');
    expect(answer('a')).toMatchObject({ status: 'complete', content: 'High tide comes later.' });
  });
});

describe('a write from the thread that streams answers', () => {
  it('waits for a lock another connection holds without blocking the event loop', async () => {
    const reader = new Database(path.join(dataDir, 'folio.db'));
    reader.exec('BEGIN IMMEDIATE');
    const stored = ask('c');
    // The event loop still turns while the write waits: timers fire, answers would stream.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(listMessages('chat').some((m) => m.id === 'c')).toBe(false);
    reader.exec('COMMIT');
    reader.close();
    await stored;
    expect(answer('c')).toMatchObject({ status: 'streaming', content: '' });
    expect(listMessages('chat').find((m) => m.id === 'q-c')?.content).toBe('When?');
  });
});

describe('a failure of the database', () => {
  it('is told apart from other failures, so an answer is not blamed on the model', () => {
    const db = new Database(path.join(dataDir, 'folio.db'));
    let failure: unknown;
    try {
      db.prepare('SELECT * FROM no_such_table').get();
    } catch (error) {
      failure = error;
    } finally {
      db.close();
    }
    expect(isStorageError(failure)).toBe(true);
    expect(isStorageError(new Error('The model server answered 500'))).toBe(false);
  });
});
