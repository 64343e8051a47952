/**
 * Who may get in: the sign-in wall with FOLIO_PASSWORD and its server-side sessions, where
 * sign-in sends someone on to, same-origin writes, the names Folio answers to, rate limits by
 * the address a request really came from, the security headers, uploads named to do harm, and
 * listening on loopback unless told otherwise.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, uploadFiles } from '../support/api';
import { type RawRequest, rawRequest } from '../support/raw-http';
import { type FolioServer, startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

describe('with FOLIO_PASSWORD set', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({
      env: { FOLIO_PASSWORD: 'correct horse', FOLIO_RATE_LIMIT_PER_MINUTE: '4' },
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
    // Signing out ends the session on the server: a copy of the cookie kept elsewhere is void.
    const after = await fetch(`${folio.url}/api/chats`, { headers: { cookie: session } });
    expect(after.status).toBe(401);
    const page = await fetch(`${folio.url}/`, { headers: { cookie: session }, redirect: 'manual' });
    expect(page.status).toBe(307);
  });

  it('after sign-in, sends someone on only to a page of Folio, whatever `next` says', async () => {
    const session = (await signIn('correct horse')).headers.get('set-cookie')!.split(';')[0];
    const destinations: Array<[string, string]> = [
      ['/chats/abc', '/chats/abc'],
      ['/%5C127.0.0.1:4399/x', '/'], // a browser reads /\host as //host: another site
      ['/%09/evil.example/x', '/'], // and drops the tab: //evil.example
      ['/%0A/x', '/'], // a newline, which no Location header may carry
      ['//evil.example/x', '/'],
      ['https://evil.example/', '/'],
      ['javascript:alert(1)', '/'],
    ];
    for (const [next, expected] of destinations) {
      const res = await fetch(`${folio.url}/sign-in?next=${next}`, {
        headers: { cookie: session },
        redirect: 'manual',
      });
      expect(res.status, next).toBe(307);
      expect(res.headers.get('location'), next).toBe(expected);
    }
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

  it('rate-limits signing in per client with a clear 429', async () => {
    // Four sign-ins are allowed per minute here; the earlier tests used them.
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

  it('limits searches per client: the third in a minute gets a 429', async () => {
    const search = () => fetch(`${folio.url}/api/search?q=${'tide '.repeat(2000)}`);
    expect((await search()).status).toBe(200);
    expect((await search()).status).toBe(200);
    const third = await search();
    expect(third.status).toBe(429);
    expect((await third.json()).error).toMatch(/Too many requests/);
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
    // Only content-addressed files under the data folder: no name chose a path.
    const stored = fs
      .readdirSync(path.join(folio.dataDir, 'files'), { recursive: true })
      .map(String);
    expect(stored.filter((f) => f.includes('.'))).toEqual([]);
  });
});

describe('rate limits count the address a request came from', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({
      env: { FOLIO_PASSWORD: 'correct horse', FOLIO_RATE_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  /** A sign-in attempt from one of loopback's addresses, each another client to the server. */
  const signIn = (from: string, password: string, headers: Record<string, string> = {}) =>
    rawRequest(folio.url, {
      method: 'POST',
      path: '/api/session',
      localAddress: from,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ password }),
    });

  it('not an X-Forwarded-For the client sent itself: a new one per guess gets no new limit', async () => {
    const statuses = [];
    for (let i = 1; i <= 5; i++) {
      const guess = await signIn('127.0.0.2', `guess ${i}`, {
        'x-forwarded-for': `198.51.100.${i}`,
      });
      statuses.push(guess.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('so a guesser elsewhere does not lock out the owner', async () => {
    for (let i = 0; i < 3; i++) await signIn('127.0.0.4', 'wrong');
    expect((await signIn('127.0.0.4', 'wrong')).status).toBe(429);
    expect((await signIn('127.0.0.5', 'correct horse')).status).toBe(204);
  });
});

describe('behind a proxy named in FOLIO_TRUSTED_PROXIES', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({
      env: {
        FOLIO_PASSWORD: 'correct horse',
        FOLIO_RATE_LIMIT_PER_MINUTE: '3',
        FOLIO_TRUSTED_PROXIES: '127.0.0.1',
        FOLIO_PUBLIC_URL: 'https://folio.example.test',
      },
    });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  /** A request as the proxy on 127.0.0.1 passes it on, for a browser at `client` over https. */
  const viaProxy = (client: string, request: RawRequest) =>
    rawRequest(folio.url, {
      ...request,
      headers: {
        host: '127.0.0.1',
        'x-forwarded-for': client,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'folio.example.test',
        ...request.headers,
      },
    });
  const signIn = (client: string, password: string) =>
    viaProxy(client, {
      method: 'POST',
      path: '/api/session',
      headers: { 'content-type': 'application/json', origin: 'https://folio.example.test' },
      body: JSON.stringify({ password }),
    });

  it('counts each client the proxy names on its own', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('203.0.113.7', 'wrong')).status).toBe(401);
    expect((await signIn('203.0.113.7', 'wrong')).status).toBe(429);
    // A client that puts its own X-Forwarded-For before the proxy's is still the proxy's client.
    expect((await signIn('198.51.100.1, 203.0.113.7', 'wrong')).status).toBe(429);
    expect((await signIn('203.0.113.8', 'correct horse')).status).toBe(204);
  });

  it('over https, keeps the session in a __Host- cookie only https requests carry', async () => {
    const res = await signIn('203.0.113.9', 'correct horse');
    expect(res.status).toBe(204);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-folio_session=[\w-]+;/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/Domain=/i);
    const session = cookie.split(';')[0];
    const chats = await viaProxy('203.0.113.9', {
      path: '/api/chats',
      headers: { cookie: session },
    });
    expect(chats.status).toBe(200);
  });
});

describe('the names Folio answers to', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({ env: { FOLIO_PUBLIC_URL: 'https://folio.example.test' } });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  const requests = (host: string): RawRequest[] => [
    { path: '/api/health', headers: { host } },
    { path: '/api/documents', headers: { host } },
    { path: '/', headers: { host } },
    {
      method: 'POST',
      path: '/api/chats',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
      body: '{}',
    },
  ];

  it('refuses a Host that is not its own, as a page on a rebound name would send', async () => {
    for (const host of ['attacker.example', 'attacker.example:3000', '127.0.0.1.nip.example']) {
      for (const request of requests(host)) {
        const res = await rawRequest(folio.url, request);
        expect(res.status, `${request.path} as ${host}`).toBe(421);
        expect(JSON.parse(res.body).error).toMatch(/does not answer to the name/);
      }
    }
    expect((await (await fetch(`${folio.url}/api/chats`)).json()).chats).toEqual([]);
  });

  it('answers to loopback names, addresses and FOLIO_PUBLIC_URL', async () => {
    for (const host of [
      'localhost:3000',
      'app.localhost',
      '127.0.0.1',
      '[::1]:80',
      'folio.example.test',
    ]) {
      for (const request of requests(host)) {
        const res = await rawRequest(folio.url, request);
        expect(res.status, `${request.path} as ${host}`).toBeLessThan(300);
      }
    }
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
