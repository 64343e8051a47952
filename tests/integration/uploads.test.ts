/**
 * Uploads on a bad day, through the real server: cut off, dripped and given up on, sent twice at
 * once, far over the limit, or after a crash. No temporary file outlives any of them, each gets
 * a clear answer, and an uploaded page is never served as a page of Folio.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadFiles } from '../support/api';
import { buildPdf } from '../support/pdf';
import { type FolioServer, startFolio } from '../support/server';

let folio: FolioServer;

beforeAll(async () => {
  folio = await startFolio({ env: { FOLIO_MAX_UPLOAD_MB: '1' } });
});
afterAll(async () => {
  await folio?.stop();
});

/** The files in a server's temporary upload folder. */
function temporaryFiles(server: FolioServer): string[] {
  const folder = path.join(server.dataDir, 'uploads');
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Still waiting, after ${ms} ms, for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const partHead = (name: string) =>
  `--B\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`;

/**
 * Starts an upload on a raw socket that declares `declaredBytes` and sends the start of one
 * file; the caller decides how it goes on.
 */
function startUpload(server: FolioServer, declaredBytes: number): net.Socket {
  const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
  socket.on('error', () => {}); // the server may close it first, which is the point
  socket.write(
    `POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ${declaredBytes}\r\n\r\n${partHead('partial.txt')}`,
  );
  socket.write('word '.repeat(20_000));
  return socket;
}

describe('temporary files', () => {
  it('are removed when an upload is cut off, dripped in and given up on, or is not whole', async () => {
    const cut = startUpload(folio, 900_000);
    await until(() => temporaryFiles(folio).length > 0, 'the upload to reach the disk');
    cut.destroy();
    await until(() => temporaryFiles(folio).length === 0, 'the cut-off upload to be removed');

    const drip = startUpload(folio, 900_000);
    await until(() => temporaryFiles(folio).length > 0, 'the dripped upload to reach the disk');
    for (let i = 0; i < 20; i++) {
      drip.write('drop ');
      await new Promise((r) => setTimeout(r, 50));
    }
    drip.destroy();
    await until(() => temporaryFiles(folio).length === 0, 'the dripped upload to be removed');

    // A body that ends inside its file: the client is done, and the form is not whole.
    const unfinished = await fetch(`${folio.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=B' },
      body: `${partHead('half.txt')}${'word '.repeat(20_000)}`,
    });
    expect(unfinished.status).toBe(400);
    expect((await unfinished.json()).error).toMatch(/cut off/);
    expect(temporaryFiles(folio)).toEqual([]);
    expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
  });

  it('left by a server that was killed are removed when it starts again', async () => {
    const first = await startFolio({ env: { FOLIO_MAX_UPLOAD_MB: '1' } });
    const upload = startUpload(first, 900_000);
    await until(() => temporaryFiles(first).length > 0, 'the upload to reach the disk');
    await first.stop('SIGKILL');
    upload.destroy();
    expect(temporaryFiles(first)).toHaveLength(1);

    const again = await startFolio({ dataDir: first.dataDir });
    try {
      expect(temporaryFiles(again)).toEqual([]);
    } finally {
      await again.stop();
    }
  });
});

describe('the same file uploaded eight times at once', () => {
  it('is one document, and every upload is told which', async () => {
    const content = `# Weir\n\nThe weir was rebuilt in ${Date.now()}.\n`;
    const uploads = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        uploadFiles(folio.url, [{ name: `weir-${i}.md`, content }]),
      ),
    );
    expect(uploads.map((u) => u.status)).toEqual(Array(8).fill(201));
    const ids = new Set(uploads.map((u) => u.body.documents[0].id));
    expect(ids.size).toBe(1);
    expect(uploads[0].body.documents[0].status).toBe('ready');
  });
});

describe('an upload far over the limit', () => {
  it('is answered as soon as its file passes the limit, not after its whole body', async () => {
    const declared = 500 * 1024 * 1024;
    let sent = 0;
    // Kept alive, as browsers keep theirs: with `Connection: close` (Node's agent: false) the
    // server may close the connection once it has answered, and a client still writing may see
    // EPIPE before it reads the answer.
    const agent = new http.Agent({ keepAlive: true });
    const answer = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: new URL(folio.url).port,
            method: 'POST',
            path: '/api/documents',
            agent,
            headers: {
              'content-type': 'multipart/form-data; boundary=B',
              'content-length': String(declared),
            },
          },
          (res) => {
            const sentWhenAnswered = sent;
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered });
              req.destroy(); // the rest of the 500 MB need not be sent
            });
          },
        );
        req.on('error', reject);
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        req.write(partHead('huge.txt'));
        const pump = () => {
          while (sent < declared) {
            sent += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      },
    );
    agent.destroy();
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).documents).toEqual([
      expect.objectContaining({
        name: 'huge.txt',
        status: 'failed',
        error: 'This file is larger than the 1 MB limit.',
      }),
    ]);
    // The answer came after a few megabytes (what the socket buffers held), not 500.
    expect(answer.sentWhenAnswered).toBeLessThan(50 * 1024 * 1024);
    expect(temporaryFiles(folio)).toEqual([]);
    expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
  });
});

describe('originals', () => {
  it('are served so no browser renders an uploaded page as one of Folio', async () => {
    const page =
      '<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=https://evil.example/"><title>Minutes</title></head><body><p>Minutes of the harbour board.</p></body></html>';
    const pdf = buildPdf({ pages: [[{ text: 'Minutes of the harbour board.', x: 72, y: 720 }]] });
    const { body } = await uploadFiles(folio.url, [
      { name: 'minutes.html', content: page, type: 'text/html' },
      { name: 'minutes.pdf', content: new Uint8Array(pdf) },
      { name: 'minutes.txt', content: 'Minutes of the harbour board, as text.' },
    ]);
    const original = (i: number) =>
      fetch(`${folio.url}/api/documents/${body.documents[i].id}/file`);

    const html = await original(0);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(html.headers.get('content-security-policy')).toMatch(/(^|;\s*)sandbox(;|$)/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toBe(page);

    const shownPdf = await original(1);
    expect(shownPdf.headers.get('content-type')).toBe('application/pdf');
    expect(shownPdf.headers.get('content-disposition')).toMatch(/^inline;/);
    const text = await original(2);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(text.headers.get('content-security-policy')).toMatch(/sandbox/);
  });
});
