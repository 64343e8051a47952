import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '@/db';
import { backends, openTestStorage } from '../../support/backends';

const source = (n: number, cited: boolean) => ({
  n,
  chunkId: n * 10,
  documentId: 'doc-tides',
  documentName: 'tides.md',
  pageStart: n,
  pageEnd: n + 1,
  charStart: n * 100,
  charEnd: n * 100 + 50,
  text: `Passage ${n}`,
  score: 1 / n,
  cited,
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** An upload's bytes, in a file of their own as the upload leaves them. */
function uploaded(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-upload-')), 'upload');
  fs.writeFileSync(file, content);
  return file;
}

// The chat and message queries are prepared once and run again with new values: each run must
// store and return its own values, not the first run's.
describe.each(backends)('messages stored and read back (%s)', (backend) => {
  let storage: Storage;
  let beginAnswer: Storage['messages']['begin'];
  let finishMessage: Storage['messages']['finish'];
  let listMessages: Storage['messages']['list'];
  let createChat: Storage['chats']['create'];

  beforeAll(async () => {
    storage = await openTestStorage(backend);
    ({ begin: beginAnswer, finish: finishMessage, list: listMessages } = storage.messages);
    createChat = storage.chats.create;
  });

  it('keep their own time, metadata and sources, in the order they were stored', async () => {
    await storage.documents.add(
      { id: 'doc-tides', name: 'tides.md', mediaType: 'text/markdown', size: 1, sha256: 'tides' },
      uploaded('#'),
    );
    await createChat('older', 'Older chat', []);
    await createChat('chat', 'Tides', ['doc-tides']);
    await beginAnswer({ chatId: 'chat', answerId: 'a1', question: { id: 'q1', content: 'When?' } });
    await pause();
    await beginAnswer({ chatId: 'chat', answerId: 'a2', question: { id: 'q2', content: 'Who?' } });
    await finishMessage('a1', {
      content: 'Twice a day [1].',
      status: 'complete',
      metadata: { citations: [1] },
      sources: [source(1, true), source(2, false)],
    });
    await finishMessage('a2', {
      content: 'Ada Marlow',
      status: 'stopped',
      metadata: { status: 'stopped' },
      sources: [source(3, false)],
    });

    const stored = await listMessages('chat');
    expect(stored.map((m) => [m.id, m.status, m.content])).toEqual([
      ['q1', 'complete', 'When?'],
      ['a1', 'complete', 'Twice a day [1].'],
      ['q2', 'complete', 'Who?'],
      ['a2', 'stopped', 'Ada Marlow'],
    ]);
    expect(stored[2].createdAt.getTime()).toBeGreaterThan(stored[0].createdAt.getTime());
    expect(stored.map((m) => m.metadata)).toEqual([
      {},
      { citations: [1] },
      {},
      { status: 'stopped' },
    ]);
    expect(stored[1].sources).toEqual([source(1, true), source(2, false)]);
    expect(stored[3].sources).toEqual([source(3, false)]);
    expect(stored[0].sources).toEqual([]);
  });

  it('finishing again replaces the sources rather than adding to them', async () => {
    await finishMessage('a2', {
      content: 'Ada Marlow kept it.',
      status: 'complete',
      metadata: {},
      sources: [source(4, true)],
    });
    const a2 = (await listMessages('chat')).find((m) => m.id === 'a2');
    expect(a2?.sources).toEqual([source(4, true)]);
  });

  it('answering a question again takes the place of its old answer, sources and all', async () => {
    await beginAnswer({ chatId: 'chat', answerId: 'a2-again', replacing: 'a2' });
    const stored = await listMessages('chat');
    expect(stored.map((m) => [m.id, m.status])).toEqual([
      ['q1', 'complete'],
      ['a1', 'complete'],
      ['q2', 'complete'],
      ['a2-again', 'streaming'],
    ]);
    expect(stored[3].sources).toEqual([]);
  });

  it('move their chat to the top of the list', async () => {
    await pause();
    await beginAnswer({ chatId: 'older', answerId: 'a3', question: { id: 'q3', content: 'Hi' } });
    expect((await storage.chats.list()).map((c) => c.id)).toEqual(['older', 'chat']);
    expect(await storage.chats.get('chat')).toMatchObject({
      title: 'Tides',
      documentIds: ['doc-tides'],
    });
    expect(await storage.chats.get('missing')).toBeUndefined();
  });
});
