import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';

/**
 * `fetch` for the OpenAI client, over node:http. Undici's fetch (its WebAssembly HTTP parser,
 * then a body stream converted chunk by chunk) costs more per streamed token than anything of
 * Folio's own; a node:http response handed to a ReadableStream as it arrives does the same work
 * for a fraction of that (bench/NOTES.md). It covers what the client sends (a method,
 * headers, a text or byte body, a signal); any other body goes to the global fetch.
 *
 * As fetch does: the promise rejects with the signal's reason on abort and with a TypeError
 * when the connection fails; an abort after the headers errors the body with the reason; a
 * compressed body is decompressed.
 */
export function httpFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const body = init.body;
  if (
    input instanceof Request ||
    (body != null && typeof body !== 'string' && !(body instanceof Uint8Array))
  )
    return fetch(input, init);
  const url = new URL(input);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers)),
    });
    const abort = () => request.destroy(signal?.reason);
    signal?.addEventListener('abort', abort, { once: true });
    const forgetSignal = () => signal?.removeEventListener('abort', abort);

    request.on('error', (error) => {
      forgetSignal();
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    });
    request.on('response', (res) => {
      res.on('close', forgetSignal);
      const status = res.statusCode ?? 0;
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
      }
      const hasBody = init.method !== 'HEAD' && ![101, 204, 205, 304].includes(status);
      if (!hasBody) res.resume();
      resolve(
        new Response(hasBody ? byteStream(decoded(res), signal) : null, {
          status,
          statusText: res.statusMessage,
          headers,
        }),
      );
    });
    request.end(body);
  });
}

const decoders: Record<string, () => Transform> = {
  gzip: zlib.createGunzip,
  'x-gzip': zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
};

function decoded(res: http.IncomingMessage): Readable {
  const decoder = decoders[res.headers['content-encoding'] ?? '']?.();
  // pipeline, not pipe, so that a broken connection errors the decoder too.
  return decoder ? pipeline(res, decoder, () => {}) : res;
}

/**
 * The response's bytes as they arrive, paused while the reader is a chunk behind. Once the
 * reader has cancelled it, or it has ended or failed, the response's later events are ignored:
 * the `openai` client aborts and cancels together, and a stream may not close twice.
 */
function byteStream(source: Readable, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.on('end', () => {
        if (open) controller.close();
        open = false;
      });
      source.on('error', (error) => {
        if (open) controller.error(signal?.aborted ? signal.reason : error);
        open = false;
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      open = false;
      source.destroy();
    },
  });
}
