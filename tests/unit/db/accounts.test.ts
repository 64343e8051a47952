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
    const team = await collections.create({ id: 'team', name: 'Team' }, ada);
    expect(personal.personalOf).toBe(ada);
    expect((await collections.personal(ada))?.id).toBe('p-ada');
    await collections.setMember('team', bo, 'viewer');
    await collections.setMember('team', bo, 'editor');
    expect(await collections.membershipsOf(bo)).toEqual([{ collectionId: 'team', role: 'editor' }]);
    expect((await collections.members('team')).map((m) => [m.email, m.role])).toEqual([
      ['ada@example.com', 'owner'],
      ['bo@example.com', 'editor'],
    ]);
    const { document } = await documents.add(
      { id: 'doc-1', name: 'a.txt', mediaType: 'text/plain', size: 5, sha256: 'a'.repeat(64) },
      uploaded('hello'),
    );
    await collections.place(document.id, team.id);
    await collections.place(document.id, 'p-ada'); // once placed, it stays where it is
    expect(await collections.collectionOf(document.id)).toBe('team');
    expect(await collections.documentIds(['team', 'p-ada'])).toEqual(['doc-1']);
    expect(await collections.documentIds([])).toEqual([]);
    expect(await collections.removeMember('team', bo)).toBe(true);
    expect(await collections.membershipsOf(bo)).toEqual([]);
    await documents.remove(document.id);
    expect(await collections.collectionOf(document.id)).toBeUndefined();
    expect(await collections.remove('team')).toBe(true);
    expect((await collections.list()).map((c) => c.id)).toEqual(['p-ada']);
  });

  it('keeps who owns a chat, and its share link, until the chat goes', async () => {
    await storage.chats.create('chat-1', 'Mine', []);
    await storage.chatOwners.set('chat-1', bo);
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

  it('removes a person with their sessions, memberships and personal library', async () => {
    await storage.people.endSessions(ada);
    expect(await storage.people.remove(ada)).toBe(true);
    expect(await storage.people.remove(ada)).toBe(false);
    expect(await storage.collections.personal(ada)).toBeUndefined();
    expect((await storage.people.list()).map((p) => p.email)).toEqual(['bo@example.com']);
    await storage.close();
  });
});
