/**
 * npm run folio -- copy-to-postgres: a SQLite library copied into PostgreSQL, cut off halfway by
 * kill -9 and run again, is the same library when Folio serves it from PostgreSQL; with
 * accounts, its people, sessions, keys, collections and share links come along.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '@/db';
import { accountsEnv, invite, makeKey, type Someone, signIn, signUp } from '../support/accounts';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { createTestDatabase } from '../support/backends';
import { buildPdf } from '../support/pdf';
import { type FolioServer, startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs the copy command; `until`, when given, kills it with SIGKILL once a line matches. */
function copy(dataDir: string, url: string, until?: RegExp) {
  // Node itself, with tsx as its loader: the tsx command would run the script in a child that a
  // kill of the command does not reach.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/folio.ts', 'copy-to-postgres', '--from', dataDir, '--to', url],
    {
      cwd: root,
      env: { ...process.env, FOLIO_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (until?.test(output) && child.exitCode === null) child.kill('SIGKILL');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
}

/** Everything a client can read of a library, in the API's own order. */
async function library(url: string) {
  const get = async (route: string) => (await fetch(`${url}${route}`)).json();
  const { documents } = await get('/api/documents');
  const withText = [];
  for (const document of documents) {
    const file = await fetch(`${url}/api/documents/${document.id}/file`);
    withText.push({
      ...document,
      text: await get(`/api/documents/${document.id}/text`),
      file: createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
      fileType: file.headers.get('content-type'),
    });
  }
  const { chats } = await get('/api/chats');
  const withMessages = [];
  for (const chat of chats) withMessages.push(await getChat(url, chat.id));
  const found = await get('/api/search?q=harbour+ledger+granite&k=100');
  return {
    documents: withText,
    chats: withMessages,
    searchFinds: found.passages.map((p: { chunkId: number }) => p.chunkId).sort(),
  };
}

const harbour = (i: number) =>
  `# Harbour ${i}\n\nThe harbour master ${i} logs every vessel in the ledger.\n`;

let sqlite: FolioServer;
let before: Awaited<ReturnType<typeof library>>;

beforeAll(async () => {
  sqlite = await startFolio({ backend: 'sqlite' });
  const pages = Array.from({ length: 12 }, (_, p) => [
    { text: `Page ${p + 1}: the quarry ledger records granite blocks.`, x: 72, y: 700 },
  ]);
  await uploadFiles(sqlite.url, [
    ...Array.from({ length: 6 }, (_, i) => ({ name: `harbour-${i}.md`, content: harbour(i) })),
    { name: 'quarry.pdf', content: new Uint8Array(buildPdf({ pages })), type: 'application/pdf' },
    // Files Folio cannot read are kept all the same, and copied.
    ...Array.from({ length: 6 }, (_, i) => ({
      name: `scan-${i}.bin`,
      content: new Uint8Array(randomBytes(1536 * 1024)),
    })),
  ]);
  for (const question of ['Who logs every vessel?', 'What does the quarry ledger record?']) {
    const chat = await createChat(sqlite.url, { title: question });
    await readUIParts(await ask(sqlite.url, chat.id, question));
    await readUIParts(await ask(sqlite.url, chat.id, `${question} Say it again.`));
  }
  before = await library(sqlite.url);
  await sqlite.stop();
}, 120_000);

afterAll(async () => {
  await sqlite?.stop();
});

describe('copy-to-postgres', () => {
  it('cut off halfway and run again, ends with the same library', async () => {
    expect(before.documents.map((d) => d.status).sort()).toEqual([
      ...Array(6).fill('failed'),
      ...Array(7).fill('ready'),
    ]);
    expect(before.chats.flatMap((c) => c.messages)).toHaveLength(8);
    const url = await createTestDatabase();
    await (await openStorage({ backend: 'postgres', url })).close(); // its tables

    // Someone else's transaction holds the place of the fourth document's file, so the copy
    // stops there, with three documents copied, until it is killed.
    const other = new pg.Client(url);
    await other.connect();
    await other.query('BEGIN');
    const fourth = createHash('sha256').update(harbour(3)).digest('hex');
    await other.query("INSERT INTO file_parts VALUES ($1, 0, '')", [fourth]);
    const cut = await copy(sqlite.dataDir, url, /copied document 3 of 13/);
    await other.query('ROLLBACK');
    await other.end();
    expect(cut.signal).toBe('SIGKILL');
    expect(cut.output).not.toContain('copied document 4');

    const resumed = await copy(sqlite.dataDir, url);
    expect(resumed.output).toMatch(/Copied 10 document\(s\) and 2 chat\(s\); 3 were there/);
    expect(resumed.output).toContain('original files: 13, each matching its SHA-256');
    expect(resumed.output).toContain('The copy is whole');
    expect(resumed.code).toBe(0);

    const again = await copy(sqlite.dataDir, url);
    expect(again.output).toMatch(/Copied 0 document\(s\) and 0 chat\(s\); 15 were there/);
    expect(again.code).toBe(0);

    const postgres = await startFolio({ databaseUrl: url });
    try {
      expect(await library(postgres.url)).toEqual(before);
      // New rows take ids after the copied ones.
      const chat = await createChat(postgres.url, { title: 'After the move' });
      await readUIParts(await ask(postgres.url, chat.id, 'Who logs every vessel?'));
      expect((await getChat(postgres.url, chat.id)).messages.map((m) => m.status)).toEqual([
        'complete',
        'complete',
      ]);
    } finally {
      await postgres.stop();
    }
  }, 180_000);

  it('refuses a database that already holds another library', async () => {
    const url = await createTestDatabase();
    const other = await startFolio({ databaseUrl: url });
    await createChat(other.url, { title: 'Someone else’s' });
    await other.stop();
    const refused = await copy(sqlite.dataDir, url);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('already holds a library');
  }, 60_000);
});

describe('copy-to-postgres with accounts', () => {
  it('copies people, sessions, keys, collections, members, chats’ owners and share links', async () => {
    const folio = await startFolio({ backend: 'sqlite', env: accountsEnv });
    let admin: Someone;
    let key: string;
    let shareToken: string;
    try {
      admin = await signUp(folio.url, 'admin@example.com');
      const member = await signUp(
        folio.url,
        'member@example.com',
        await invite(folio.url, admin, 'member@example.com'),
      );
      await invite(folio.url, admin, 'later@example.com');
      const asAdmin = { cookie: admin.cookie, 'content-type': 'application/json' };
      const team = (await (
        await fetch(`${folio.url}/api/collections`, {
          method: 'POST',
          headers: asAdmin,
          body: JSON.stringify({ name: 'Harbour team' }),
        })
      ).json()) as { id: string };
      await fetch(`${folio.url}/api/collections/${team.id}/members`, {
        method: 'PUT',
        headers: asAdmin,
        body: JSON.stringify({ email: 'member@example.com', role: 'viewer' }),
      });
      const form = new FormData();
      form.append('file', new Blob([harbour(1)], { type: 'text/markdown' }), 'harbour.md');
      const uploaded = await fetch(`${folio.url}/api/documents?collection=${team.id}`, {
        method: 'POST',
        headers: { cookie: admin.cookie },
        body: form,
      });
      const [document] = ((await uploaded.json()) as { documents: Array<{ id: string }> })
        .documents;
      for (let status = 'processing'; status === 'processing'; ) {
        await new Promise((r) => setTimeout(r, 100));
        const got = await fetch(`${folio.url}/api/documents/${document.id}`, {
          headers: { cookie: admin.cookie },
        });
        status = ((await got.json()) as { status: string }).status;
      }
      key = await makeKey(folio.url, member.cookie);
      const byKey = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const chat = (await (
        await fetch(`${folio.url}/api/chats`, {
          method: 'POST',
          headers: byKey,
          body: JSON.stringify({ title: 'Vessels' }),
        })
      ).json()) as { id: string };
      await readUIParts(
        await fetch(`${folio.url}/api/chats/${chat.id}/messages`, {
          method: 'POST',
          headers: byKey,
          body: JSON.stringify({ content: 'Who logs every vessel?' }),
        }),
      );
      const shared = await fetch(`${folio.url}/api/chats/${chat.id}/share`, {
        method: 'POST',
        headers: byKey,
      });
      shareToken = new URL(((await shared.json()) as { link: string }).link).pathname
        .split('/')
        .at(-1)!;
    } finally {
      await folio.stop();
    }

    const url = await createTestDatabase();
    const copied = await copy(folio.dataDir, url);
    expect(copied.output).toContain('copied accounts: 2 people');
    expect(copied.output).toMatch(/people: 2 rows/);
    expect(copied.output).toMatch(/invitations: 1 rows/);
    expect(copied.output).toMatch(/share links: 1 rows/);
    expect(copied.output).toContain('The copy is whole');
    expect(copied.code).toBe(0);

    const postgres = await startFolio({ databaseUrl: url, env: accountsEnv });
    try {
      // The admin's session goes on; the member's key still signs in as the member, who sees
      // the team's document and their own chat; the share link still opens the chat.
      const people = await fetch(`${postgres.url}/api/people`, {
        headers: { cookie: admin.cookie },
      });
      expect(people.status).toBe(200);
      const byKey = { authorization: `Bearer ${key}` };
      const { documents } = (await (
        await fetch(`${postgres.url}/api/documents`, { headers: byKey })
      ).json()) as { documents: Array<{ name: string; readOnly?: boolean }> };
      expect(documents).toMatchObject([{ name: 'harbour.md', readOnly: true }]);
      const { chats } = (await (
        await fetch(`${postgres.url}/api/chats`, { headers: byKey })
      ).json()) as { chats: Array<{ title: string }> };
      expect(chats.map((c) => c.title)).toEqual(['Vessels']);
      const { collections } = (await (
        await fetch(`${postgres.url}/api/collections`, { headers: byKey })
      ).json()) as { collections: Array<{ name: string; role: string }> };
      expect(collections.map((c) => [c.name, c.role])).toEqual([
        ['Personal library', 'owner'],
        ['Harbour team', 'viewer'],
      ]);
      expect((await fetch(`${postgres.url}/api/shared/${shareToken}`)).status).toBe(200);
      // Passwords are the same: the member signs in.
      await signIn(postgres.url, 'member@example.com', 'member@example.com-password');
    } finally {
      await postgres.stop();
    }
  }, 180_000);
});
