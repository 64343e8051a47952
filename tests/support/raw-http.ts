/**
 * One HTTP request on a connection of its own, with any headers at all: fetch will not send a
 * Host, a Connection or a Content-Length of the caller's choosing, and these tests need to.
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The loopback address to connect from (any of 127.0.0.0/8), to be another client. */
  localAddress?: string;
}

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent: false,
        localAddress: request.localAddress,
        // A redirect repeats the query twice (Location, Refresh): more than Node's 16 KB default.
        maxHeaderSize: 64 * 1024,
        method: request.method ?? 'GET',
        path: request.path,
        headers: request.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) =>
      reject(
        new Error(`${error.message}: ${request.method ?? 'GET'} ${request.path.slice(0, 200)}`),
      ),
    );
    req.setTimeout(15_000, () =>
      req.destroy(new Error(`timed out: ${request.path.slice(0, 200)}`)),
    );
    req.end(request.body);
  });
}
