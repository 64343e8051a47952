/**
 * Accounts over HTTP (FOLIO_AUTH=accounts): who may sign up (one admin however many sign up at
 * once), approval when sign-up is open, sessions that end on the server, share links, files
 * kept once per collection, and rate limits per person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsEnv, invite, type Someone, signIn, signUp } from '../support/accounts';
import { createTestDatabase, defaultBackend } from '../support/backends';
import { type FolioServer, startFolio } from '../support/server';
import { type SlowLink, startSlowLink } from '../support/slow-link';
import { readUIParts } from '../support/ui-stream';

const json = (method: string, cookie: string, body?: unknown): RequestInit => ({
  method,
  headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

interface UploadedDocument {
  id: string;
  status: string;
  error: string | null;
}

/** Uploads a text file as someone (into their personal library), and waits until it is read. */
async function upload(url: string, cookie: string, name: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const res = await fetch(`${url}/api/documents`, {
    method: 'POST',
    headers: { cookie },
    body: form,
  });
  expect(res.status).toBe(201);
  let [document] = ((await res.json()) as { documents: UploadedDocument[] }).documents;
  while (document.status === 'processing') {
    await new Promise((r) => setTimeout(r, 100));
    const got = await fetch(`${url}/api/documents/${document.id}`, { headers: { cookie } });
    document = (await got.json()) as UploadedDocument;
  }
  return document;
}

/** The documents whose passages a search finds, as someone sees them. */
async function found(url: string, cookie: string, query: string): Promise<string[]> {
  const res = await fetch(`${url}/api/search?q=${encodeURIComponent(query)}`, {
    headers: { cookie },
  });
  const { passages } = (await res.json()) as { passages: Array<{ documentId: string }> };
  return [...new Set(passages.map((p) => p.documentId))];
}

describe('accounts, invitation only', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({ env: accountsEnv });
  });
  afterAll(() => folio?.stop());

  it('makes the first person admin, and lets in only people invited, by their link', async () => {
    const admin = await signUp(folio.url, 'admin@example.com');
    const people = await fetch(`${folio.url}/api/people`, { headers: { cookie: admin.cookie } });
    expect(((await people.json()) as { people: Array<{ role: string }> }).people).toMatchObject([
      { role: 'admin' },
    ]);
    await expect(signUp(folio.url, 'walk-in@example.com')).rejects.toThrow(
      /403.*invited people only/,
    );
    const token = await invite(folio.url, admin, 'guest@example.com');
    await expect(signUp(folio.url, 'guest@example.com', 'not-the-token')).rejects.toThrow(
      /403.*link in your invitation/,
    );
    // Better-auth's own sign-up route is closed: it would skip the invitation.
    const direct = await fetch(`${folio.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', email: 'guest@example.com', password: '0123456789ab' }),
    });
    expect(direct.status).toBe(404);
    const guest = await signUp(folio.url, 'guest@example.com', token);
    const list = await fetch(`${folio.url}/api/people`, { headers: { cookie: admin.cookie } });
    const roles = ((await list.json()) as { people: Array<{ email: string; role: string }> })
      .people;
    expect(roles.map((p) => [p.email, p.role])).toEqual([
      ['admin@example.com', 'admin'],
      ['guest@example.com', 'member'],
    ]);
    // The invitation is spent.
    await expect(signUp(folio.url, 'guest@example.com', token)).rejects.toThrow();
    expect(
      (await fetch(`${folio.url}/api/chats`, { headers: { cookie: guest.cookie } })).status,
    ).toBe(200);
  });

  it('ends a session on the server when one signs out, and every session when an admin says so', async () => {
    const cookie = await signIn(folio.url, 'guest@example.com', 'guest@example.com-password');
    const other = await signIn(folio.url, 'guest@example.com', 'guest@example.com-password');
    // better-auth's own routes want the page's origin, as a browser sends it, with a cookie.
    const out = await fetch(`${folio.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, origin: folio.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    expect((await fetch(`${folio.url}/api/chats`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${folio.url}/api/chats`, { headers: { cookie: other } })).status).toBe(
      200,
    );

    const admin = await signIn(folio.url, 'admin@example.com', 'admin@example.com-password');
    const list = await fetch(`${folio.url}/api/people`, { headers: { cookie: admin } });
    const guest = (
      (await list.json()) as { people: Array<{ id: string; email: string }> }
    ).people.find((p) => p.email === 'guest@example.com')!;
    const ended = await fetch(
      `${folio.url}/api/people/${guest.id}/sessions`,
      json('DELETE', admin),
    );
    expect(ended.status).toBe(204);
    expect((await fetch(`${folio.url}/api/chats`, { headers: { cookie: other } })).status).toBe(
      401,
    );
  });

  it('makes API keys shown once, kept as a hash, with an expiry, and revocable', async () => {
    const cookie = await signIn(folio.url, 'guest@example.com', 'guest@example.com-password');
    const made = await fetch(
      `${folio.url}/api/keys`,
      json('POST', cookie, { name: 'backup', expiresInDays: 30 }),
    );
    expect(made.status).toBe(201);
    const { key, id, expiresAt } = (await made.json()) as {
      key: string;
      id: string;
      expiresAt: string;
    };
    expect(key).toMatch(/^folio_\w{40,}$/);
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const listed = await (await fetch(`${folio.url}/api/keys`, { headers: { cookie } })).text();
    expect(listed).toContain('backup');
    expect(listed).not.toContain(key);
    const byKey = () =>
      fetch(`${folio.url}/api/chats`, { headers: { authorization: `Bearer ${key}` } });
    expect((await byKey()).status).toBe(200);
    expect((await fetch(`${folio.url}/api/keys/${id}`, json('DELETE', cookie))).status).toBe(204);
    expect((await byKey()).status).toBe(401);
  });

  it('shares a chat read-only by a link that opens only what it cites, until revoked', async () => {
    const cookie = await signIn(folio.url, 'guest@example.com', 'guest@example.com-password');
    const cited = (await upload(folio.url, cookie, 'owls.txt', 'Barn owls hunt at night.')).id;
    const other = (await upload(folio.url, cookie, 'ledger.txt', 'The ledger balances at forty.'))
      .id;
    const chat = (await (
      await fetch(`${folio.url}/api/chats`, json('POST', cookie, { documentIds: [cited] }))
    ).json()) as { id: string };
    await readUIParts(
      await fetch(
        `${folio.url}/api/chats/${chat.id}/messages`,
        json('POST', cookie, { content: 'How do barn owls hunt?' }),
      ),
    );
    const shared = await fetch(`${folio.url}/api/chats/${chat.id}/share`, json('POST', cookie));
    expect(shared.status).toBe(201);
    const token = new URL(((await shared.json()) as { link: string }).link).pathname
      .split('/')
      .at(-1)!;

    // No session: the shared chat, the text of what it cites, nothing else.
    const view = (await (await fetch(`${folio.url}/api/shared/${token}`)).json()) as {
      messages: Array<{ role: string; sources: Array<{ documentId: string; cited: boolean }> }>;
    };
    expect(view.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(view.messages[1].sources.some((s) => s.cited && s.documentId === cited)).toBe(true);
    const text = await fetch(`${folio.url}/api/shared/${token}/documents/${cited}/text`);
    expect(((await text.json()) as { text: string }).text).toContain('Barn owls');
    for (const path of [
      `/api/shared/${token}/documents/${other}/text`,
      `/api/documents/${cited}/text`,
      `/api/chats/${chat.id}`,
      `/api/shared/not-${token}`,
    ]) {
      expect([401, 404], path).toContain((await fetch(`${folio.url}${path}`)).status);
    }
    const page = await fetch(`${folio.url}/shared/${token}`);
    expect(await page.text()).toContain('Barn owls hunt at night');

    expect(
      (await fetch(`${folio.url}/api/chats/${chat.id}/share`, json('DELETE', cookie))).status,
    ).toBe(204);
    expect((await fetch(`${folio.url}/api/shared/${token}`)).status).toBe(404);
    expect((await fetch(`${folio.url}/shared/${token}`)).status).toBe(404);
  });

  it('keeps a file once per collection: the same bytes uploaded elsewhere are a document there', async () => {
    const admin = await signIn(folio.url, 'admin@example.com', 'admin@example.com-password');
    const token = await invite(
      folio.url,
      { email: 'admin@example.com', password: '', cookie: admin },
      'third@example.com',
    );
    const third = (await signUp(folio.url, 'third@example.com', token)).cookie;
    const guest = await signIn(folio.url, 'guest@example.com', 'guest@example.com-password');
    const text = 'Kestrels hover into the wind before they stoop on voles in the long grass.';

    const guests = await upload(folio.url, guest, 'kestrels.txt', text);
    // The third person cannot read the guest's library: their upload is simply theirs, and
    // says nothing of the guest's copy.
    const thirds = await upload(folio.url, third, 'kestrels-too.txt', text);
    expect(thirds).toMatchObject({ status: 'ready', error: null });
    expect(thirds.id).not.toBe(guests.id);
    // In the same collection, the file is still the document it already is.
    expect((await upload(folio.url, guest, 'kestrels-again.txt', text)).id).toBe(guests.id);

    // Each finds, and is answered from, their own copy.
    expect(await found(folio.url, guest, 'kestrels hover')).toEqual([guests.id]);
    expect(await found(folio.url, third, 'kestrels hover')).toEqual([thirds.id]);
    const chat = (await (
      await fetch(`${folio.url}/api/chats`, json('POST', third, { documentIds: [thirds.id] }))
    ).json()) as { id: string };
    await readUIParts(
      await fetch(
        `${folio.url}/api/chats/${chat.id}/messages`,
        json('POST', third, { content: 'What do kestrels do before they stoop?' }),
      ),
    );
    const asked = (await (
      await fetch(`${folio.url}/api/chats/${chat.id}`, { headers: { cookie: third } })
    ).json()) as { messages: Array<{ sources: Array<{ documentId: string; cited: boolean }> }> };
    const cited = asked.messages[1].sources.filter((s) => s.cited).map((s) => s.documentId);
    expect(cited.length).toBeGreaterThan(0);
    expect(new Set(cited)).toEqual(new Set([thirds.id]));

    // Deleting one copy leaves the other whole: its file, its text, its passages.
    const removed = await fetch(`${folio.url}/api/documents/${thirds.id}`, json('DELETE', third));
    expect(removed.status).toBe(204);
    const file = await fetch(`${folio.url}/api/documents/${guests.id}/file`, {
      headers: { cookie: guest },
    });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(text);
    expect(await found(folio.url, guest, 'kestrels hover')).toEqual([guests.id]);
    expect(await found(folio.url, third, 'kestrels hover')).toEqual([]);
  });
});

describe('accounts, open sign-up', () => {
  let folio: FolioServer;
  let admin: Someone;
  let link: SlowLink | undefined;
  beforeAll(async () => {
    // On PostgreSQL, 20 ms away, as a database across a network is: sign-ups made at once then
    // overlap in it. (SQLite's writes, synchronous in the one server, never overlap there.)
    if (defaultBackend() === 'postgres') link = await startSlowLink(await createTestDatabase(), 20);
    folio = await startFolio({
      env: { ...accountsEnv, FOLIO_SIGN_UP: 'open' },
      databaseUrl: link?.url,
    });
  });
  afterAll(async () => {
    await folio?.stop();
    await link?.close();
  });

  it('makes one of several people signing up at the same instant admin; the others wait', async () => {
    const early = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signUp(folio.url, `early-${i}@example.com`)),
    );
    const mayListPeople = await Promise.all(
      early.map(
        async (person) =>
          (await fetch(`${folio.url}/api/people`, { headers: { cookie: person.cookie } })).status,
      ),
    );
    expect(mayListPeople.filter((status) => status === 200)).toHaveLength(1);
    expect(mayListPeople.filter((status) => status === 403)).toHaveLength(5);
    admin = early[mayListPeople.indexOf(200)];
    const people = (await (
      await fetch(`${folio.url}/api/people`, { headers: { cookie: admin.cookie } })
    ).json()) as { people: Array<{ email: string; role: string }> };
    expect(people.people.map((p) => p.role).sort()).toEqual(['admin', ...Array(5).fill('pending')]);
    expect(people.people.find((p) => p.role === 'admin')?.email).toBe(admin.email);
  });

  it('lets anyone sign up, and in only once an admin approves them', async () => {
    const walkIn = await signUp(folio.url, 'walk-in@example.com');
    const refused = await fetch(`${folio.url}/api/chats`, { headers: { cookie: walkIn.cookie } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'An admin has not approved your account yet.' });
    const people = (await (
      await fetch(`${folio.url}/api/people`, { headers: { cookie: admin.cookie } })
    ).json()) as { people: Array<{ id: string; email: string; role: string }> };
    const pending = people.people.find((p) => p.email === 'walk-in@example.com')!;
    expect(pending.role).toBe('pending');
    const approved = await fetch(
      `${folio.url}/api/people/${pending.id}`,
      json('PATCH', admin.cookie, { role: 'member' }),
    );
    expect(approved.status).toBe(200);
    expect(
      (await fetch(`${folio.url}/api/chats`, { headers: { cookie: walkIn.cookie } })).status,
    ).toBe(200);
  });

  // With no admin left, the next person to sign up would become one.
  it('keeps an admin: the last one can neither step down nor be removed', async () => {
    const people = (await (
      await fetch(`${folio.url}/api/people`, { headers: { cookie: admin.cookie } })
    ).json()) as { people: Array<{ id: string; email: string }> };
    const self = people.people.find((p) => p.email === admin.email)!;
    const lastAdmin = {
      error: 'Folio needs at least one admin: make someone else admin first.',
    };
    const stepDown = await fetch(
      `${folio.url}/api/people/${self.id}`,
      json('PATCH', admin.cookie, { role: 'member' }),
    );
    expect(stepDown.status).toBe(409);
    expect(await stepDown.json()).toEqual(lastAdmin);
    const removed = await fetch(`${folio.url}/api/people/${self.id}`, json('DELETE', admin.cookie));
    expect(removed.status).toBe(409);
    expect(await removed.json()).toEqual(lastAdmin);

    const other = people.people.find((p) => p.email === 'walk-in@example.com')!;
    const promote = json('PATCH', admin.cookie, { role: 'admin' });
    expect((await fetch(`${folio.url}/api/people/${other.id}`, promote)).status).toBe(200);
    const again = json('PATCH', admin.cookie, { role: 'member' });
    expect((await fetch(`${folio.url}/api/people/${self.id}`, again)).status).toBe(200);
  });
});

describe('accounts, rate limits', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({
      env: { ...accountsEnv, FOLIO_TRUSTED_PROXIES: '127.0.0.1', FOLIO_RATE_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => folio?.stop());

  it('counts a rate limit per person as well as per address', async () => {
    const { cookie } = await signUp(folio.url, 'admin@example.com');
    // The same person from three addresses (through the trusted proxy), four searches: the
    // fourth is one too many for the person, though no address has made more than two.
    const statuses = [];
    for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.3']) {
      const res = await fetch(`${folio.url}/api/search?q=owls`, {
        headers: { cookie, 'x-forwarded-for': client },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
