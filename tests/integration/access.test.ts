/**
 * Who may get in: the sign-in wall with FOLIO_PASSWORD, same-origin writes, rate limits, the
 * security headers, uploads named to do harm, and listening on loopback unless told otherwise.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

describe('with FOLIO_PASSWORD set', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({
      env: { FOLIO_PASSWORD: 'correct horse', FOLIO_RATE_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  const signIn = async (password: string) =>
    fetch(`${folio.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });

  it('refuses every route but health without a session: 401 for the API, sign-in for pages', async () => {
    expect((await fetch(`${folio.url}/api/health`)).status).toBe(200);
    for (const route of [
      '/api/documents',
      '/api/chats',
      '/api/search?q=a',
      '/api/chats/x',
      '/api/documents/x/file',
    ]) {
      const res = await fetch(`${folio.url}${route}`);
      expect(res.status, route).toBe(401);
      expect(await res.json(), route).toEqual({ error: 'Sign in first.' });
    }
    const post = await fetch(`${folio.url}/api/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(401);

    const page = await fetch(`${folio.url}/chats/abc`, { redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fchats%2Fabc');
    const signInPage = await fetch(`${folio.url}/sign-in`);
    expect(signInPage.status).toBe(200);
    const html = await signInPage.text();
    expect(html).toContain('Sign in to Folio');
    expect(html).not.toContain('Chats and documents');
  });

  it('signs in with the password into an HttpOnly SameSite session, and out again', async () => {
    const wrong = await signIn('wrong horse');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toBe('That password is not right.');

    const right = await signIn('correct horse');
    expect(right.status).toBe(204);
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^folio_session=[^;]+/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=strict/i);
    const session = cookie.split(';')[0];

    expect((await fetch(`${folio.url}/api/chats`, { headers: { cookie: session } })).status).toBe(
      200,
    );
    const home = await fetch(`${folio.url}/`, { headers: { cookie: session }, redirect: 'manual' });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Chats and documents');

    const forged = `folio_session=${Date.now()}.AAAA`;
    expect((await fetch(`${folio.url}/api/chats`, { headers: { cookie: forged } })).status).toBe(
      401,
    );

    const out = await fetch(`${folio.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: session },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/folio_session=;/);
  });

  it('refuses a state-changing request from another origin, session or not', async () => {
    const session = (await signIn('correct horse')).headers.get('set-cookie')!.split(';')[0];
    const res = await fetch(`${folio.url}/api/chats`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session,
        origin: 'http://evil.example',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/another site/);
    const form = new FormData();
    form.append('file', new Blob(['# Planted']), 'planted.md');
    const upload = await fetch(`${folio.url}/api/documents`, {
      method: 'POST',
      headers: { cookie: session, origin: 'http://evil.example' },
      body: form,
    });
    expect(upload.status).toBe(403);
    const sameOrigin = await fetch(`${folio.url}/api/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session, origin: folio.url },
      body: '{}',
    });
    expect(sameOrigin.status).toBe(201);
  });

  it('rate-limits asking per client with a clear 429', async () => {
    // Three sign-ins are allowed per minute here; the earlier tests used them.
    const limited = await signIn('correct horse');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error).toMatch(/Too many requests: try again in \d+ s\./);
  });
});

describe('by default', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({ env: { FOLIO_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  it('sends a Content-Security-Policy and the usual security headers on pages and the API', async () => {
    for (const route of ['/', '/api/health']) {
      const res = await fetch(`${folio.url}${route}`);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp, route).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('limits questions per client: the third in a minute gets a 429 and nothing is stored', async () => {
    const chatId = (await createChat(folio.url)).id;
    await readUIParts(await ask(folio.url, chatId, 'one'));
    await readUIParts(await ask(folio.url, chatId, 'two'));
    const third = await ask(folio.url, chatId, 'three');
    expect(third.status).toBe(429);
    const chat = (await (await fetch(`${folio.url}/api/chats/${chatId}`)).json()) as {
      messages: unknown[];
    };
    expect(chat.messages).toHaveLength(4);
  });

  it('stores names meant to do harm as given, and never writes where a name points', async () => {
    const names = [
      '../../../../tmp/folio-escape.txt',
      '..\\..\\windows\\system32\\evil.txt',
      'tab\tand "quotes" <and> &amp; %41.txt',
      'control\u0001\u0007\u001bchars.txt',
      'naïve 文書 📄.md',
      `${'long-'.repeat(199)}name.txt`,
    ];
    const { body } = await uploadFiles(
      folio.url,
      names.map((name, i) => ({ name, content: `# Note ${i}\n\nHarmless text number ${i}.\n` })),
    );
    expect(body.documents.map((d) => d.name)).toEqual(names);
    expect(body.documents.map((d) => [d.status, d.error])).toEqual(
      names.map(() => ['ready', null]),
    );
    expect(fs.existsSync('/tmp/folio-escape.txt')).toBe(false);

    const listed = (await (await fetch(`${folio.url}/api/documents`)).json()) as {
      documents: Array<{ name: string }>;
    };
    for (const name of names) expect(listed.documents.map((d) => d.name)).toContain(name);
    // Under the data folder, only the database and content-addressed files (with SQLite; on
    // PostgreSQL they are in the database): no name chose a path.
    const stored = fs
      .readdirSync(folio.dataDir, { recursive: true })
      .map(String)
      .filter((f) => !/^folio\.db(-wal|-shm)?$/.test(f));
    expect(stored.filter((f) => f.includes('.'))).toEqual([]);
  });
});

describe('listening', () => {
  /** The addresses listening on a TCP port, as the kernel lists them (IPv4 and IPv6). */
  function listeningAddresses(port: number): string[] {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') // 0A: LISTEN
        .map((cols) => cols[1].split(':')[0]),
    );
  }

  async function listenersOf(env: Record<string, string>): Promise<string[]> {
    const port = 38_000 + Math.floor(Math.random() * 2000);
    const child = spawn('npm', ['run', 'serve'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        PORT: String(port),
        FOLIO_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'folio-serve-')),
        ...env,
      },
      stdio: 'ignore',
      detached: true,
    });
    try {
      for (let i = 0; i < 300; i++) {
        const addresses = listeningAddresses(port);
        if (addresses.length > 0) return addresses;
        await new Promise((r) => setTimeout(r, 100));
      }
      return [];
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }

  it('listens on 127.0.0.1 only, unless FOLIO_HOST says otherwise', async () => {
    expect(await listenersOf({})).toEqual(['0100007F']); // 127.0.0.1
    expect(await listenersOf({ FOLIO_HOST: '0.0.0.0' })).toEqual(['00000000']);
  });
});
