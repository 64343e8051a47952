/**
 * Every route against 1,000 generated malformed requests: bad JSON, wrong types, huge strings,
 * wrong content types, truncated multipart, odd ids and query strings. No answer may be a 5xx,
 * and the server must still serve a normal request afterwards.
 */
import http from 'node:http';
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
    .dictionary(fc.constantFrom('q', 'k', 'documentIds', 'x'), text)
    .map((d) => new URLSearchParams(d).toString()),
  fc.constantFrom(
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
];

function requestsFor(route: { method: string; path: string }): fc.Arbitrary<RawRequest> {
  return fc.record({ id, query, contentType, body, withBody: fc.boolean() }).map((r) => {
    const target =
      r.id === 'REAL' ? (route.path.includes('documents') ? realDocumentId : realChatId) : r.id;
    const headers: Record<string, string> = {};
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
