/**
 * A document reader stores a long document in one transaction, on its own thread, holding
 * SQLite's write lock meanwhile. Requests that write must wait for it without stopping the
 * server: here another connection holds the lock, as a reader would.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, getChat } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';

let folio: FolioServer;

beforeAll(async () => {
  folio = await startFolio();
});
afterAll(async () => {
  await folio?.stop();
});

/** Whether a promise has settled by the time the event loop comes round. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('writes while another connection holds the write lock', () => {
  it('wait for it while the server goes on serving, then succeed', async () => {
    const chat = await createChat(folio.url, { title: 'Before' });
    const doomed = await createChat(folio.url, { title: 'To delete' });
    const holder = new Database(path.join(folio.dataDir, 'folio.db'));
    holder.exec('BEGIN IMMEDIATE');
    let locked = true;
    try {
      const form = new FormData();
      form.append('file', new Blob(['Tides are logged daily.']), 'tides.txt');
      const writes = [
        fetch(`${folio.url}/api/chats`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'While locked' }),
        }),
        fetch(`${folio.url}/api/chats/${chat.id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Renamed while locked' }),
        }),
        fetch(`${folio.url}/api/documents`, { method: 'POST', body: form }),
        fetch(`${folio.url}/api/chats/${doomed.id}`, { method: 'DELETE' }),
        ask(folio.url, chat.id, 'When are tides logged?'),
      ];
      // Reads are answered while the writes wait: the server's thread is not asleep in SQLite.
      for (const read of ['/api/health', '/api/chats', '/api/documents']) {
        expect((await fetch(`${folio.url}${read}`)).status).toBe(200);
      }
      for (const write of writes) expect(await settled(write)).toBe(false);

      holder.exec('COMMIT');
      locked = false;
      const [created, renamed, uploaded, deleted, asked] = await Promise.all(writes);
      expect(created.status).toBe(201);
      expect(renamed.status).toBe(200);
      expect(uploaded.status).toBe(201);
      expect(deleted.status).toBe(204);
      expect(asked.status).toBe(200);
      await asked.text(); // the answer, to its end
      const messages = (await getChat(folio.url, chat.id)).messages;
      expect(messages.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'complete'],
      ]);
      const { chats } = (await (await fetch(`${folio.url}/api/chats`)).json()) as {
        chats: Array<{ title: string }>;
      };
      expect(chats.map((c) => c.title).sort()).toEqual(['Renamed while locked', 'While locked']);
      const { documents } = (await uploaded.json()) as { documents: Array<{ name: string }> };
      expect(documents.map((d) => d.name)).toEqual(['tides.txt']);
    } finally {
      if (locked) holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
