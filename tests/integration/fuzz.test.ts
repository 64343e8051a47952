/**
 * Every route against 1,000 generated malformed requests: bad JSON, wrong types, huge strings,
 * wrong content types, truncated multipart, odd ids and query strings, forwarding headers a
 * client made up, Host names that are not Folio's, and sign-in redirect targets; then the same
 * file uploaded many times at once, and bodies cut off or dripped in. No answer may be a 5xx,
 * the server must still serve a normal request afterwards, and no upload may leave a file in
 * the data folder's temporary area.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';

const requestsPerRoute = 1000;

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

let folio: FolioServer;
let realChatId: string;
let realDocumentId: string;

/**
 * Sends one request on a connection of its own (a server may close a connection after refusing
 * a request, and a reused one would then fail for the next) and resolves with its status.
 */
function send(request: RawRequest): Promise<number> {
  const { port } = new URL(folio.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent: false,
        // A redirect repeats the query twice (Location, Refresh): more than Node's 16 KB default.
        maxHeaderSize: 64 * 1024,
        method: request.method,
        path: request.path,
        headers: request.headers,
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      },
    );
    req.on('error', (error) =>
      reject(new Error(`${error.message}: ${request.method} ${request.path.slice(0, 200)}`)),
    );
    req.setTimeout(15_000, () =>
      req.destroy(new Error(`timed out: ${request.method} ${request.path}`)),
    );
    req.end(request.body);
  });
}

// Generators of the pieces of a malformed request.
const hugeString = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  hugeString,
);
const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ content: fc.anything() }).map((v) => JSON.stringify(v)),
  fc.record({ title: fc.anything(), documentIds: fc.anything() }).map((v) => JSON.stringify(v)),
  fc.record({ regenerate: fc.anything(), password: fc.anything() }).map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)), // truncated
  text,
);
const multipartBody = fc
  .tuple(fc.string(), fc.string(), fc.constantFrom('file', 'other', ''), fc.boolean())
  .map(([name, content, field, closed]) => {
    const part = `--B\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
    return closed ? `${part}--B--\r\n` : part; // an unclosed form is a truncated upload
  });
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=B',
  'multipart/form-data; boundary=',
  'application/x-www-form-urlencoded',
  '',
  '\u00ff/\u00ff',
);
const body = fc.oneof(jsonBody, multipartBody, text).map((b) => Buffer.from(b));
const id = fc.oneof(
  fc.constant('REAL'),
  fc.uuid(),
  fc.string({ minLength: 1 }).map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e', '%00', '%zz', '%', 'a%2Fb', '%E0%A4%A', 'x'.repeat(3000)),
);
const query = fc.oneof(
  fc
    .dictionary(fc.constantFrom('q', 'k', 'documentIds', 'next', 'x'), text)
    .map((d) => new URLSearchParams(d).toString()),
  fc.constantFrom(
    'next=/%5C127.0.0.1:4399/x',
    'next=/%09/evil.example/x',
    'next=/%0A/x',
    'next=//evil.example',
    'next=javascript:alert(1)',
    'next=/a&next=/b',
    'next=%',
    'q=%zz',
    'q=%',
    'k=-1&q=a',
    'k=1e999&q=a',
    'k=abc&q=b',
    'q=&q=&q=',
    'documentIds=,,,&q=a',
    '&&&==',
  ),
);

/** A header value Node will send: printable ASCII. */
const headerText = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  fc.integer({ min: 100, max: 8000 }).map((n) => 'x'.repeat(n)),
);
/** Forwarding headers a client made up: none of them is from a trusted proxy. */
const forwarded = fc.record(
  {
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), headerText, fc.constant('1.2.3.4, ::1')),
    'x-forwarded-host': fc.oneof(fc.domain(), fc.constant('localhost'), headerText),
    'x-forwarded-proto': fc.constantFrom('https', 'http', 'gopher', ''),
    'x-real-ip': fc.ipV4(),
    forwarded: headerText,
  },
  { requiredKeys: [] },
);
/** Host names: Folio's own, and others a rebound name or a made-up request would carry. */
const host = fc.oneof(
  fc.domain(),
  fc.constantFrom('localhost', '127.0.0.1:1', '[::1]', 'app.localhost', 'attacker.example:80'),
  fc.constantFrom('', 'a b', '[::1', 'x'.repeat(300), '%', 'localhost.', 'user@host'),
);

const routes: Array<{ method: string; path: string }> = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/documents' },
  { method: 'POST', path: '/api/documents' },
  { method: 'GET', path: '/api/documents/:id' },
  { method: 'DELETE', path: '/api/documents/:id' },
  { method: 'GET', path: '/api/documents/:id/file' },
  { method: 'GET', path: '/api/documents/:id/text' },
  { method: 'GET', path: '/api/search' },
  { method: 'GET', path: '/api/chats' },
  { method: 'POST', path: '/api/chats' },
  { method: 'GET', path: '/api/chats/:id' },
  { method: 'PATCH', path: '/api/chats/:id' },
  { method: 'DELETE', path: '/api/chats/:id' },
  { method: 'POST', path: '/api/chats/:id/messages' },
  { method: 'GET', path: '/api/chats/:id/stream' },
  { method: 'POST', path: '/api/chats/:id/stop' },
  { method: 'POST', path: '/api/session' },
  { method: 'GET', path: '/sign-in' },
];

function requestsFor(route: { method: string; path: string }): fc.Arbitrary<RawRequest> {
  const record = {
    id,
    query,
    contentType,
    body,
    withBody: fc.boolean(),
    forwarded: fc.option(forwarded, { freq: 3 }),
    host: fc.option(host, { freq: 4 }),
  };
  return fc.record(record).map((r) => {
    const target =
      r.id === 'REAL' ? (route.path.includes('documents') ? realDocumentId : realChatId) : r.id;
    const headers: Record<string, string> = { ...r.forwarded };
    if (r.host !== null) headers.host = r.host;
    if (r.contentType) headers['content-type'] = r.contentType;
    return {
      method: route.method,
      path: `${route.path.replace(':id', target)}?${r.query}`,
      headers,
      body: r.withBody || route.method !== 'GET' ? r.body : undefined,
    };
  });
}

beforeAll(async () => {
  // No rate limit here: the point is what each route does with bad input, not the limiter.
  folio = await startFolio({
    env: { FOLIO_RATE_LIMIT_PER_MINUTE: '1000000', FOLIO_MAX_UPLOAD_MB: '1' },
  });
  const { body } = await uploadFiles(folio.url, [
    { name: 'fuzz.md', content: '# Fuzz\n\nA document to aim at.\n' },
  ]);
  realDocumentId = String(body.documents[0].id);
  realChatId = (await createChat(folio.url)).id;
});

afterAll(async () => {
  await folio?.stop();
});

describe('malformed requests never get a 5xx', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const samples = fc.sample(requestsFor(route), { numRuns: requestsPerRoute, seed: 20261123 });
      const failures: string[] = [];
      for (let i = 0; i < samples.length; i += 8) {
        const batch = samples.slice(i, i + 8);
        const statuses = await Promise.all(batch.map(send));
        statuses.forEach((status, j) => {
          if (status >= 500 || status === 0) {
            failures.push(
              `${status} ${batch[j].method} ${batch[j].path.slice(0, 120)} ${batch[j].headers['content-type'] ?? ''} ${batch[j].body?.subarray(0, 80).toString() ?? ''}`,
            );
          }
        });
      }
      expect(failures.slice(0, 5)).toEqual([]);
      expect((await fetch(`${folio.url}/api/health`)).status).toBe(200);
      expect((await fetch(`${folio.url}/api/documents`)).status).toBe(200);
    }, 120_000);
  }
});

/** A multipart body of one file. */
const uploadBody = (name: string, content: string) =>
  Buffer.from(
    `--B\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--B--\r\n`,
  );
const multipart = { 'content-type': 'multipart/form-data; boundary=B' };

describe('the same file uploaded many times at once', () => {
  it('is one document every time, and never a 5xx', async () => {
    const contents = fc.sample(fc.string({ unit: 'grapheme-ascii', minLength: 1 }), {
      numRuns: 40,
      seed: 20261124,
    });
    const failures: string[] = [];
    for (const [i, content] of contents.entries()) {
      const unique = `${content} (${i})`;
      const sends = Array.from({ length: 6 }, (_, j) =>
        send({
          method: 'POST',
          path: '/api/documents',
          headers: multipart,
          body: uploadBody(`copy-${j}.txt`, unique),
        }),
      );
      const statuses = await Promise.all(sends);
      if (statuses.some((status) => status !== 201)) failures.push(`${statuses}: ${unique}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    const { documents } = await (await fetch(`${folio.url}/api/documents`)).json();
    const names = documents.map((d: { name: string }) => d.name);
    expect(names.filter((n: string) => n.startsWith('copy-'))).toHaveLength(contents.length);
  }, 120_000);
});

/**
 * Sends a request whose body is cut off (the connection closed partway) or dripped in over a
 * while; resolves with the status, or 0 when the client hung up before any answer.
 */
function sendBodyBadly(request: RawRequest, how: { cutAt?: number; dripMs: number }) {
  const body = request.body ?? Buffer.alloc(0);
  return new Promise<number>((resolve) => {
    const socket = net.connect(Number(new URL(folio.url).port), '127.0.0.1');
    let status = 0;
    socket.on('data', (data) => {
      status ||= Number(/^HTTP\/1\.1 (\d{3})/.exec(data.toString('latin1'))?.[1] ?? 0);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(status));
    const headers = Object.entries({ ...request.headers, 'content-length': body.length })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `${request.method} ${request.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${headers}\r\n`,
    );
    const end = how.cutAt ?? body.length;
    const pieces = 5;
    let sent = 0;
    const next = () => {
      if (socket.destroyed) return;
      if (sent >= end) {
        if (how.cutAt !== undefined) socket.destroy();
        return;
      }
      const upTo = Math.min(end, sent + Math.ceil(end / pieces));
      socket.write(body.subarray(sent, upTo));
      sent = upTo;
      setTimeout(next, how.dripMs);
    };
    next();
  });
}

describe('bodies cut off or dripped in', () => {
  const bodyRoutes = routes.filter((route) => ['POST', 'PATCH'].includes(route.method));

  for (const route of bodyRoutes) {
    it(`${route.method} ${route.path}: never a 5xx`, async () => {
      const samples = fc.sample(
        fc.record({
          request: requestsFor(route),
          cut: fc.boolean(),
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          dripMs: fc.integer({ min: 0, max: 40 }),
        }),
        { numRuns: 60, seed: 20261125 },
      );
      const failures: string[] = [];
      for (let i = 0; i < samples.length; i += 10) {
        const batch = samples.slice(i, i + 10);
        const statuses = await Promise.all(
          batch.map(({ request, cut, at, dripMs }) => {
            const { host: _, ...headers } = request.headers;
            const plain = { ...request, headers };
            const length = plain.body?.length ?? 0;
            return sendBodyBadly(plain, {
              cutAt: cut ? Math.floor(at * length) : undefined,
              dripMs,
            });
          }),
        );
        statuses.forEach((status, j) => {
          if (status >= 500) failures.push(`${status} ${batch[j].request.path.slice(0, 120)}`);
        });
      }
      expect(failures.slice(0, 5)).toEqual([]);
      expect((await fetch(`${folio.url}/api/health`)).status).toBe(200);
    }, 120_000);
  }

  it('leave no file in the temporary upload folder', async () => {
    const folder = path.join(folio.dataDir, 'uploads');
    const left = () => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);
    const deadline = Date.now() + 10_000;
    while (left().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(left()).toEqual([]);
  });
});
