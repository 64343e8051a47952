/**
 * Who may do what with accounts (FOLIO_AUTH=accounts), over every route and method that names a
 * chat, a document or a collection: two members (Alice, Bob) and an outsider (Carol, a member
 * nothing is shared with), each by session and by API key, try everything on each other's
 * chats and documents; someone not signed in tries too. Every attempt that should fail answers
 * 401, 403 or 404 and changes nothing; every one that should succeed succeeds. Bob is a viewer
 * of Alice's shared collection: he may read and ask, not delete or share it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsEnv, invite, makeKey, type Someone, signUp } from '../support/accounts';
import { type FolioServer, startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

type Via = 'session' | 'key';
interface Member extends Someone {
  name: string;
  key: string;
  /** Their chat (with one answer), and the document in their personal library. */
  chatId: string;
  documentId: string;
}

let folio: FolioServer;
let admin: Someone;
const people: Record<'alice' | 'bob' | 'carol', Member> = {} as never;
let sharedCollection: string;
let sharedDocument: string;

function headersOf(who: Member | undefined, via: Via): Record<string, string> {
  if (!who) return {};
  return via === 'session' ? { cookie: who.cookie } : { authorization: `Bearer ${who.key}` };
}

async function call(
  who: Member | undefined,
  via: Via,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${folio.url}${path}`, {
    method,
    headers: {
      ...headersOf(who, via),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
}

async function upload(who: Member | Someone, name: string, text: string, collection?: string) {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const query = collection ? `?collection=${collection}` : '';
  const res = await fetch(`${folio.url}/api/documents${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie },
    body: form,
  });
  expect(res.status).toBe(201);
  const [document] = ((await res.json()) as { documents: Array<{ id: string }> }).documents;
  for (let status = 'processing'; status === 'processing'; ) {
    await new Promise((r) => setTimeout(r, 100));
    const got = await fetch(`${folio.url}/api/documents/${document.id}`, {
      headers: { cookie: who.cookie },
    });
    status = ((await got.json()) as { status: string }).status;
  }
  return document.id;
}

async function newChat(who: Member, documentIds: string[] = []) {
  const res = await call(who, 'session', 'POST', '/api/chats', { title: 'Mine', documentIds });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** What an owner sees of their chat and document: must be the same after others' attempts. */
async function snapshot(owner: Member) {
  const chat = await (await call(owner, 'session', 'GET', `/api/chats/${owner.chatId}`)).json();
  const document = await (
    await call(owner, 'session', 'GET', `/api/documents/${owner.documentId}`)
  ).json();
  const share = await (
    await call(owner, 'session', 'GET', `/api/chats/${owner.chatId}/share`)
  ).json();
  return { chat, document, share };
}

interface Attempt {
  name: string;
  method: string;
  path: (target: Member) => string;
  body?: unknown;
  /** Read the answer's body to its end (a stream). */
  drain?: boolean;
}

/** Everything one may try on someone's chat and document. */
const attempts: Attempt[] = [
  { name: 'read chat', method: 'GET', path: (t) => `/api/chats/${t.chatId}` },
  { name: 'open chat page', method: 'GET', path: (t) => `/chats/${t.chatId}` },
  {
    name: 'rename chat',
    method: 'PATCH',
    path: (t) => `/api/chats/${t.chatId}`,
    body: { title: 'Taken' },
  },
  {
    name: 'ask in chat',
    method: 'POST',
    path: (t) => `/api/chats/${t.chatId}/messages`,
    body: { content: 'What is the secret word?' },
    drain: true,
  },
  {
    name: 're-attach to answer',
    method: 'GET',
    path: (t) => `/api/chats/${t.chatId}/stream`,
    drain: true,
  },
  { name: 'stop answer', method: 'POST', path: (t) => `/api/chats/${t.chatId}/stop` },
  { name: 'see share state', method: 'GET', path: (t) => `/api/chats/${t.chatId}/share` },
  { name: 'share chat', method: 'POST', path: (t) => `/api/chats/${t.chatId}/share` },
  { name: 'revoke share', method: 'DELETE', path: (t) => `/api/chats/${t.chatId}/share` },
  { name: 'read document', method: 'GET', path: (t) => `/api/documents/${t.documentId}` },
  { name: 'open file', method: 'GET', path: (t) => `/api/documents/${t.documentId}/file` },
  { name: 'open text', method: 'GET', path: (t) => `/api/documents/${t.documentId}/text` },
  {
    name: 'open page words',
    method: 'GET',
    path: (t) => `/api/documents/${t.documentId}/pages/1/words`,
  },
  {
    name: 'open page text',
    method: 'GET',
    path: (t) => `/api/documents/${t.documentId}/pages/1/text`,
  },
  {
    name: 'make chat over document',
    method: 'POST',
    path: () => '/api/chats',
    body: undefined,
  },
  { name: 'delete document', method: 'DELETE', path: (t) => `/api/documents/${t.documentId}` },
  { name: 'delete chat', method: 'DELETE', path: (t) => `/api/chats/${t.chatId}` },
];

const vias: Via[] = ['session', 'key'];
let cases = 0;

beforeAll(async () => {
  folio = await startFolio({ env: accountsEnv });
  admin = await signUp(folio.url, 'admin@example.com');
  for (const name of ['alice', 'bob', 'carol'] as const) {
    const email = `${name}@example.com`;
    const someone = await signUp(folio.url, email, await invite(folio.url, admin, email));
    const key = await makeKey(folio.url, someone.cookie);
    people[name] = { ...someone, name, key, chatId: '', documentId: '' };
    people[name].documentId = await upload(
      people[name],
      `${name}.txt`,
      `${name}'s notes. The secret word of ${name} is ${name}-zebra-${name.length}.`,
    );
    people[name].chatId = await newChat(people[name]);
    await readUIParts(
      await call(people[name], 'session', 'POST', `/api/chats/${people[name].chatId}/messages`, {
        content: `What is the secret word of ${name}?`,
      }),
    );
  }
  // Alice's shared collection, with Bob as a viewer.
  const made = await call(people.alice, 'session', 'POST', '/api/collections', { name: 'Team' });
  sharedCollection = ((await made.json()) as { id: string }).id;
  const added = await call(
    people.alice,
    'session',
    'PUT',
    `/api/collections/${sharedCollection}/members`,
    { email: 'bob@example.com', role: 'viewer' },
  );
  expect(added.status).toBe(200);
  sharedDocument = await upload(
    people.alice,
    'team.txt',
    'The team handbook. Holidays are booked through the quokka form.',
    sharedCollection,
  );
}, 240_000);

afterAll(async () => {
  console.log(`Authorization: ${cases} route × method × actor cases.`);
  await folio?.stop();
});

describe('accounts: who may do what', () => {
  it("refuses every attempt on another person's chats and documents, and changes nothing", async () => {
    const before = {
      alice: await snapshot(people.alice),
      bob: await snapshot(people.bob),
    };
    for (const [actorName, targetName] of [
      ['bob', 'alice'],
      ['carol', 'alice'],
      ['alice', 'bob'],
      ['carol', 'bob'],
    ] as const) {
      const actor = people[actorName];
      const target = people[targetName];
      for (const via of vias) {
        for (const attempt of attempts) {
          const body =
            attempt.name === 'make chat over document'
              ? { documentIds: [target.documentId] }
              : attempt.body;
          const res = await call(actor, via, attempt.method, attempt.path(target), body);
          if (attempt.drain) await res.text();
          cases++;
          expect(
            [403, 404],
            `${actorName} (${via}) may not ${attempt.name} of ${targetName}: got ${res.status}`,
          ).toContain(res.status);
        }
        // Lists and searches show nothing of the other's.
        const chats = (await (await call(actor, via, 'GET', '/api/chats')).json()) as {
          chats: Array<{ id: string }>;
        };
        expect(chats.chats.map((c) => c.id)).not.toContain(target.chatId);
        const documents = (await (await call(actor, via, 'GET', '/api/documents')).json()) as {
          documents: Array<{ id: string }>;
        };
        expect(documents.documents.map((d) => d.id)).not.toContain(target.documentId);
        const search = (await (
          await call(actor, via, 'GET', `/api/search?q=${targetName}-zebra`)
        ).json()) as { passages: Array<{ documentId: string }> };
        expect(search.passages.map((p) => p.documentId)).not.toContain(target.documentId);
        cases += 3;
      }
    }
    expect(await snapshot(people.alice)).toEqual(before.alice);
    expect(await snapshot(people.bob)).toEqual(before.bob);
  }, 240_000);

  it('answers a chat only from what its owner may read', async () => {
    // Alice, asked in her own chat, was answered from her notes.
    const own = await (
      await call(people.alice, 'session', 'GET', `/api/chats/${people.alice.chatId}`)
    ).json();
    expect(JSON.stringify(own)).toContain('alice-zebra');
    // Bob's chat asks every document he may read: Alice's personal notes are not among them.
    const chatId = await newChat(people.bob);
    const parts = await readUIParts(
      await call(people.bob, 'key', 'POST', `/api/chats/${chatId}/messages`, {
        content: 'What is the secret word of alice?',
      }),
    );
    cases++;
    const text = JSON.stringify(parts);
    expect(text).not.toContain('alice-zebra');
  });

  it('lets each owner do all of it, by session and by key', async () => {
    for (const via of vias) {
      const owner = { ...people.alice };
      owner.documentId = await upload(owner, `own-${via}.txt`, `Own words ${via}.`);
      owner.chatId = await newChat(owner, [owner.documentId]);
      for (const attempt of attempts) {
        const body =
          attempt.name === 'make chat over document'
            ? { documentIds: [owner.documentId] }
            : attempt.body;
        const res = await call(owner, via, attempt.method, attempt.path(owner), body);
        if (attempt.drain) await res.text();
        cases++;
        expect(
          res.status < 300 || (attempt.name === 'revoke share' && res.status === 404),
          `alice (${via}) may ${attempt.name}: got ${res.status}`,
        ).toBe(true);
      }
      // Her deletions happened.
      expect((await call(owner, via, 'GET', `/api/chats/${owner.chatId}`)).status).toBe(404);
      expect((await call(owner, via, 'GET', `/api/documents/${owner.documentId}`)).status).toBe(
        404,
      );
    }
  }, 240_000);

  it('lets a viewer of a shared collection read and ask, not delete or share it', async () => {
    for (const via of vias) {
      const bob = people.bob;
      for (const path of ['', '/file', '/text']) {
        const res = await call(bob, via, 'GET', `/api/documents/${sharedDocument}${path}`);
        cases++;
        expect(res.status, `bob (${via}) reads the team's document${path}`).toBe(200);
      }
      const refused = [
        ['DELETE', `/api/documents/${sharedDocument}`, 403],
        ['DELETE', `/api/collections/${sharedCollection}`, 403],
        ['PUT', `/api/collections/${sharedCollection}/members`, 403],
        ['DELETE', `/api/collections/${sharedCollection}/members/${people.alice.email}`, 403],
      ] as const;
      for (const [method, path, status] of refused) {
        const res = await call(
          bob,
          via,
          method,
          path,
          method === 'PUT' ? { email: 'carol@example.com', role: 'owner' } : undefined,
        );
        cases++;
        expect(res.status, `bob (${via}) may not ${method} ${path}`).toBe(status);
      }
      for (const path of [
        `/api/documents/${sharedDocument}`,
        `/api/documents/${sharedDocument}/text`,
        `/api/collections/${sharedCollection}`,
      ]) {
        const res = await call(people.carol, via, 'GET', path);
        cases++;
        expect(res.status, `carol (${via}) may not see ${path}`).toBe(404);
      }
    }
    // Bob asks a chat over the team's document and is answered from it.
    const chatId = await newChat(people.bob, [sharedDocument]);
    const parts = await readUIParts(
      await call(people.bob, 'session', 'POST', `/api/chats/${chatId}/messages`, {
        content: 'How are holidays booked?',
      }),
    );
    cases++;
    expect(JSON.stringify(parts)).toContain('quokka');
    // Nothing changed: the document and the members are as they were.
    const team = (await (
      await call(people.alice, 'session', 'GET', `/api/collections/${sharedCollection}`)
    ).json()) as { documentIds: string[]; members: Array<{ email: string; role: string }> };
    expect(team.documentIds).toEqual([sharedDocument]);
    expect(team.members.map((m) => [m.email, m.role])).toEqual([
      ['alice@example.com', 'owner'],
      ['bob@example.com', 'viewer'],
    ]);
    // Alice withdraws Bob's access: his answer keeps its quoted sources, the document no longer opens.
    const bobId = team.members.find((m) => m.email === 'bob@example.com') as unknown as {
      userId: string;
    };
    const removed = await call(
      people.alice,
      'session',
      'DELETE',
      `/api/collections/${sharedCollection}/members/${bobId.userId}`,
    );
    expect(removed.status).toBe(204);
    const kept = (await (
      await call(people.bob, 'session', 'GET', `/api/chats/${chatId}`)
    ).json()) as {
      messages: Array<{ sources: Array<{ text: string }> }>;
    };
    expect(
      kept.messages
        .at(-1)!
        .sources.map((s) => s.text)
        .join(' '),
    ).toContain('quokka');
    for (const path of ['', '/text', '/file']) {
      const res = await call(
        people.bob,
        'session',
        'GET',
        `/api/documents/${sharedDocument}${path}`,
      );
      cases++;
      expect(res.status, `after withdrawal bob may not open ${path || 'the document'}`).toBe(404);
    }
  }, 120_000);

  it('keeps admin routes to admins, and everything but sign-in to people signed in', async () => {
    for (const via of vias) {
      for (const [method, path] of [
        ['GET', '/api/people'],
        ['POST', '/api/invitations'],
        ['DELETE', `/api/people/${people.alice.email}`],
        ['DELETE', `/api/people/${people.alice.email}/sessions`],
      ] as const) {
        const res = await call(
          people.bob,
          via,
          method,
          path,
          method === 'POST' ? { email: 'x@example.com' } : undefined,
        );
        cases++;
        expect(res.status, `bob (${via}) may not ${method} ${path}`).toBe(403);
      }
    }
    const target = people.alice;
    for (const attempt of attempts) {
      const res = await call(
        undefined,
        'session',
        attempt.method,
        attempt.path(target),
        attempt.body,
      );
      cases++;
      if (attempt.path(target).startsWith('/api/')) expect(res.status, attempt.name).toBe(401);
      else expect(res.status, attempt.name).toBe(307);
    }
    const badKey = await fetch(`${folio.url}/api/chats`, {
      headers: {
        authorization: 'Bearer folio_not-a-key-at-all-not-a-key-at-all-not-a-key-at-all-xx',
      },
    });
    cases++;
    expect(badKey.status).toBe(401);
  });
});
