/**
 * Instances' leases on the answers they write and the documents they read, on both backends:
 * work is another's only once its instance's lease has run out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '@/db';
import { backends, freshSettings, openTestStorage } from '../../support/backends';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds a small Markdown file to the library, queued to be read; returns its id. */
async function upload(into: Storage, name: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-lease-')), name);
  fs.writeFileSync(file, `# ${name}\n\n${name} ${Math.random()}\n`);
  const { document } = await into.documents.add(
    {
      id: name,
      name,
      mediaType: 'text/markdown',
      size: fs.statSync(file).size,
      sha256: name.padEnd(64, '0'),
    },
    file,
  );
  return document.id;
}

describe.each(backends)('leases (%s)', (backend) => {
  let storage: Storage;
  const statusOf = async (id: string) =>
    (await storage.messages.list('chat')).find((m) => m.id === id)?.status;

  beforeEach(async () => {
    storage = await openTestStorage(backend);
    await storage.chats.create('chat', 'Tides', []);
  });

  it("leave a live instance's answer streaming and interrupt a dead one's, keeping its text", async () => {
    await storage.instances.renew('live', 60_000);
    // On SQLite the data folder is one process's: a lease taken later ends the others.
    if (backend === 'postgres') await storage.instances.renew('dead', 100);
    for (const [answerId, instanceId] of [
      ['by-live', 'live'],
      ['by-dead', 'dead'],
    ]) {
      await storage.messages.begin({
        chatId: 'chat',
        answerId,
        question: { id: `q-${answerId}`, content: 'When?' },
        instanceId,
      });
    }
    await storage.messages.checkpoint([{ id: 'by-dead', content: 'High tide at' }]);
    await sleep(200);
    expect(await storage.messages.interruptOrphaned()).toBe(1);
    expect(await statusOf('by-live')).toBe('streaming');
    expect(await statusOf('by-dead')).toBe('interrupted');
    const kept = (await storage.messages.list('chat')).find((m) => m.id === 'by-dead');
    expect(kept?.content).toBe('High tide at');
  });

  it('give each document to one instance, and a dead instance’s to another once its lease ends', async () => {
    await upload(storage, 'one');
    await upload(storage, 'two');
    await storage.instances.renew('a', 150);
    const first = await storage.jobs.claim('a', 3);
    expect(first).toBe('one');
    const second = await storage.jobs.claim('a', 3);
    expect(second).toBe('two');
    expect(await storage.jobs.claim('a', 3)).toBeUndefined();
    await storage.instances.renew('b', 60_000);
    // On SQLite b's lease ended a's at once: the data folder is one process's.
    if (backend === 'postgres') {
      expect(await storage.jobs.claim('b', 3)).toBeUndefined();
      await sleep(250);
    }
    expect(await storage.jobs.claim('b', 3)).toBe('one');
  });

  it('fail a document whose instances died reading it every time', async () => {
    await upload(storage, 'killer');
    for (const instance of ['a', 'b', 'c']) {
      await storage.instances.renew(instance, 60_000);
      expect(await storage.jobs.claim(instance, 3)).toBe('killer');
      await storage.instances.renew(instance, 1);
      await sleep(20);
    }
    await storage.instances.renew('d', 60_000);
    expect(await storage.jobs.claim('d', 3)).toBeUndefined();
    const document = await storage.documents.get('killer');
    expect(document).toMatchObject({ status: 'failed' });
    expect(document?.error).toMatch(/stopped 3 times while reading this file/);
  });

  it('give a stopping instance’s documents to another at once, the attempt not counted', async () => {
    await upload(storage, 'handed');
    await storage.instances.renew('a', 60_000);
    expect(await storage.jobs.claim('a', 1)).toBe('handed');
    await storage.jobs.release('a');
    await storage.instances.release('a');
    await storage.instances.renew('b', 60_000);
    // Taken once of at most once: a's taking was not counted.
    expect(await storage.jobs.claim('b', 1)).toBe('handed');
    expect(await storage.documents.get('handed')).toMatchObject({ status: 'processing' });
  });

  it('say a reading is over once its document is deleted', async () => {
    const id = await upload(storage, 'gone');
    await storage.instances.renew('a', 60_000);
    await storage.jobs.claim('a', 3);
    expect(await storage.jobs.progress(id, { stage: 'parsing', pagesDone: 1 })).toBe(true);
    await storage.documents.remove(id);
    expect(await storage.jobs.progress(id, { stage: 'parsing', pagesDone: 2 })).toBe(false);
  });
});

// LISTEN/NOTIFY; SQLite has one server, which hears its own uploads.
describe('queued documents (postgres)', () => {
  it('tells every instance when a document is queued, or queued again', async () => {
    const settings = await freshSettings('postgres');
    const [one, other] = [await openStorage(settings), await openStorage(settings)];
    try {
      let heard = 0;
      await other.jobs.onQueued(() => heard++);
      const id = await upload(one, 'queued');
      await expect.poll(() => heard).toBe(1);
      await one.jobs.claim('a', 3);
      await one.jobs.release('a');
      await expect.poll(() => heard).toBe(2);
      await one.jobs.fail(id, 'The model server was down.');
      await one.jobs.requeue(id);
      await expect.poll(() => heard).toBe(3);
    } finally {
      await one.close();
      await other.close();
    }
  });
});
