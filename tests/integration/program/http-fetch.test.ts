import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '@/lib/program';

let server: http.Server;
let url: string;
/** Resolves when the server sees the slow response's connection close. */
let slowClosed: Promise<void>;

beforeAll(async () => {
  let closed!: () => void;
  slowClosed = new Promise((resolve) => {
    closed = resolve;
  });
  server = http.createServer((req, res) => {
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
      });
    } else if (req.url === '/gzip') {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('compressed text'));
    } else if (req.url === '/empty') {
      res.writeHead(204).end();
    } else if (req.url === '/slow') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      res.on('close', closed);
    } else if (req.url === '/whole-late') {
      res.writeHead(200).flushHeaders();
      setTimeout(() => {
        res.write('first');
        res.end(' and last');
      }, 10);
    } else if (req.url === '/cut') {
      res.writeHead(200);
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpFetch, the OpenAI client’s fetch', () => {
  it('sends the method, headers and body, and answers with status and headers', async () => {
    const res = await httpFetch(`${url}/echo`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k' }),
      body: '{"q":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ method: 'POST', auth: 'Bearer k', body: '{"q":1}' });
  });

  it('decompresses a gzip body and gives a 204 no body', async () => {
    expect(await (await httpFetch(`${url}/gzip`)).text()).toBe('compressed text');
    const empty = await httpFetch(`${url}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('rejects with a TypeError when nothing listens, as fetch does', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(httpFetch(`http://127.0.0.1:${closedPort}/`)).rejects.toThrow(TypeError);
  });

  it('an abort mid-body errors the body with the reason and closes the connection', async () => {
    const controller = new AbortController();
    const res = await httpFetch(`${url}/slow`, { signal: controller.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n');
    const reason = new Error('stopped by the user');
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
    await slowClosed;
  });

  it('stopping a body whose end has already arrived, as the openai client does, throws nowhere', async () => {
    const controller = new AbortController();
    const res = await httpFetch(`${url}/whole-late`, { signal: controller.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first');
    controller.abort();
    await reader.cancel();
    // The connection's end is still on its way; the test run fails on an exception it throws.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('a connection cut before the end errors the body', async () => {
    const res = await httpFetch(`${url}/cut`);
    await expect(res.text()).rejects.toThrow();
  });
});
