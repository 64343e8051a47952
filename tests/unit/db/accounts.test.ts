/**
 * The accounts concerns of the storage seam, the same on both backends: people signed up
 * through better-auth's adapter over the backend's own tables, invitations, collections and
 * their members and documents, chat owners and share links.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { betterAuth } from 'better-auth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '@/db';
import { backends, openTestStorage } from '../../support/backends';

function uploaded(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-upload-')), 'upload');
  fs.writeFileSync(file, content);
  return file;
}

describe.each(backends)('accounts in storage (%s)', (backend) => {
  let storage: Storage;
  let ada: string;
  let bo: string;

  beforeAll(async () => {
    storage = await openTestStorage(backend);
    const auth = betterAuth({
      secret: 'x'.repeat(32),
      baseURL: 'http://127.0.0.1',
      database: storage.authDatabase,
      telemetry: { enabled: false },
      emailAndPassword: { enabled: true },
      user: {
        additionalFields: { role: { type: 'string', input: false, defaultValue: 'member' } },
      },
    });
    for (const email of ['ada@example.com', 'bo@example.com']) {
      await auth.api.signUpEmail({ body: { name: email, email, password: `${email}-secret` } });
    }
    [ada, bo] = (await storage.people.list()).map((p) => p.id);
  });

  it('keeps people signed up through better-auth, and their roles', async () => {
    expect(await storage.people.count()).toBe(2);
    expect((await storage.people.list()).map((p) => [p.email, p.role])).toEqual([
      ['ada@example.com', 'member'],
      ['bo@example.com', 'member'],
    ]);
    expect((await storage.people.setRole(ada, 'admin'))?.role).toBe('admin');
    expect(await storage.people.get('nobody')).toBeUndefined();
  });

  it('keeps invitations until they expire or are taken back', async () => {
    const inFuture = new Date(Date.now() + 60_000);
    await storage.invitations.put({
      email: 'cy@example.com',
      tokenHash: 'h1',
      invitedBy: ada,
      expiresAt: inFuture,
    });
    await storage.invitations.put({
      email: 'cy@example.com',
      tokenHash: 'h2',
      invitedBy: ada,
      expiresAt: inFuture,
    });
    await storage.invitations.put({
      email: 'old@example.com',
      tokenHash: 'h3',
      invitedBy: ada,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect((await storage.invitations.find('cy@example.com'))?.tokenHash).toBe('h2');
    expect(await storage.invitations.find('old@example.com')).toBeUndefined();
    expect((await storage.invitations.list()).map((i) => i.email)).toEqual(['cy@example.com']);
    expect(await storage.invitations.remove('cy@example.com')).toBe(true);
    expect(await storage.invitations.find('cy@example.com')).toBeUndefined();
  });

  it('keeps collections with their members and documents', async () => {
    const { collections, documents } = storage;
    const personal = await collections.create({ id: 'p-ada', name: 'Mine', personalOf: ada }, ada);
    await collections.create({ id: 'team', name: 'Team' }, ada);
    expect(personal.personalOf).toBe(ada);
    expect((await collections.personal(ada))?.id).toBe('p-ada');
    await collections.setMember('team', bo, 'viewer');
    await collections.setMember('team', bo, 'editor');
    expect(await collections.membershipsOf(bo)).toEqual([{ collectionId: 'team', role: 'editor' }]);
    expect((await collections.members('team')).map((m) => [m.email, m.role])).toEqual([
      ['ada@example.com', 'owner'],
      ['bo@example.com', 'editor'],
    ]);
    const upload = (id: string, collectionId?: string) =>
      documents.add(
        {
          id,
          name: 'a.txt',
          mediaType: 'text/plain',
          size: 5,
          sha256: 'a'.repeat(64),
          collectionId,
        },
        uploaded('hello'),
      );
    const { document } = await upload('doc-1', 'team');
    expect(await collections.collectionOf(document.id)).toBe('team');
    // The same bytes again: in the same collection, the document they are; in another
    // collection, or in none, a document of their own.
    expect(await upload('doc-2', 'team')).toMatchObject({
      document: { id: 'doc-1' },
      inserted: false,
    });
    expect(await upload('doc-3', 'p-ada')).toMatchObject({ inserted: true });
    expect(await upload('doc-4')).toMatchObject({ inserted: true });
    expect(await upload('doc-5')).toMatchObject({ document: { id: 'doc-4' }, inserted: false });
    expect(await collections.collectionOf('doc-4')).toBeUndefined();
    expect((await collections.documentIds(['team', 'p-ada'])).sort()).toEqual(['doc-1', 'doc-3']);
    expect(await collections.documentIds([])).toEqual([]);
    // They share the stored bytes, which stay until the last of them goes.
    await documents.remove('doc-1');
    await documents.remove('doc-4');
    expect(Buffer.from((await storage.files.read('doc-3'))?.bytes ?? []).toString()).toBe('hello');
    await documents.remove('doc-3');
    expect(await collections.removeMember('team', bo)).toBe(true);
    expect(await collections.membershipsOf(bo)).toEqual([]);
    expect(await collections.collectionOf(document.id)).toBeUndefined();
    expect(await collections.remove('team')).toBe(true);
    expect((await collections.list()).map((c) => c.id)).toEqual(['p-ada']);
  });

  it('keeps who owns a chat, and its share link, until the chat goes', async () => {
    await storage.chats.create('chat-1', 'Mine', [], bo);
    expect(await storage.chatOwners.ownerOf('chat-1')).toBe(bo);
    expect(await storage.chatOwners.chatIds(bo)).toEqual(['chat-1']);
    await storage.shareLinks.open('chat-1', 'token-1');
    await storage.shareLinks.open('chat-1', 'token-2');
    expect(await storage.shareLinks.chatOf('token-1')).toBeUndefined();
    expect(await storage.shareLinks.chatOf('token-2')).toBe('chat-1');
    expect(await storage.shareLinks.revoke('chat-1')).toBe(true);
    expect(await storage.shareLinks.isShared('chat-1')).toBe(false);
    await storage.shareLinks.open('chat-1', 'token-3');
    await storage.chats.remove('chat-1');
    expect(await storage.chatOwners.ownerOf('chat-1')).toBeUndefined();
    expect(await storage.shareLinks.chatOf('token-3')).toBeUndefined();
  });

  it('makes a chat and its owner in one write: without the owner, no chat', async () => {
    await expect(storage.chats.create('chat-2', 'Orphan', [], 'no-such-person')).rejects.toThrow();
    expect(await storage.chats.get('chat-2')).toBeUndefined();
    expect(await storage.chats.list()).toEqual([]);
  });

  it('removes a person with their sessions, memberships and personal library', async () => {
    await storage.people.endSessions(ada);
    expect(await storage.people.remove(ada)).toBe(true);
    expect(await storage.people.remove(ada)).toBe(false);
    expect(await storage.collections.personal(ada)).toBeUndefined();
    expect((await storage.people.list()).map((p) => p.email)).toEqual(['bo@example.com']);
    await storage.close();
  });
});
