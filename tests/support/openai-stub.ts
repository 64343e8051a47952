/**
 * The one stand-in of the test suite: an OpenAI-compatible HTTP server on loopback.
 * The real `openai` client talks to it, so everything from the client inwards is real.
 *
 * Tests script what it answers (`stub.enqueue(...)` or `stub.reply = ...`): the completion text,
 * where to cut it into chunks, how fast to stream, and how to misbehave (fail with a status,
 * stall, cut the connection, send a malformed event). It records every request, including when
 * the client closed it, so a test can check that an abort reached the network.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface StubReply {
  /** The completion text. */
  text: string;
  /** Exact chunks to send; overrides splitAt and chunkSize. */
  chunks?: string[];
  /** Character offsets at which to split `text` into chunks. */
  splitAt?: number[];
  /** Characters per chunk when neither chunks nor splitAt is given (default 4). */
  chunkSize?: number;
  /** Delay between chunks, in ms (default 0). */
  delayMs?: number;
  /** Answer with this HTTP status and an error body, before any token. */
  status?: number;
  /** Wait this long before the first byte. */
  stallMs?: number;
  /** After this many chunks, stop sending but keep the connection open. */
  stallAfterChunks?: number;
  /** After this many chunks, destroy the connection (a cut-off stream). */
  cutAfterChunks?: number;
  /** After this many chunks, send an event that is not JSON. */
  malformedAfterChunks?: number;
  /**
   * After this many chunks, report a failure inside the stream and end it, as servers do once
   * they have sent their 200: `data: {"error": ...}`, or with `named`, an `event: error`.
   */
  streamError?: { afterChunks: number; named?: boolean };
}

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  receivedAt: number;
  /** When the client closed the connection before the stub finished, else undefined. */
  closedEarlyAt?: number;
  finishedAt?: number;
}

export interface OpenAIStub {
  /** Base URL for the `openai` client, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** Replies used in order, one per chat completion request; then `reply` is used. */
  enqueue(...replies: Array<Partial<StubReply> & { text?: string }>): void;
  /** Fallback reply for a request when the queue is empty. */
  reply: (body: Record<string, unknown>) => StubReply;
  embeddingDimensions: number;
  /**
   * When set, a chat completion whose prompt (counted as a real server roughly counts it: four
   * characters a token, four more a message) and max_tokens exceed this many tokens is
   * refused with a 400, as OpenAI and vLLM refuse it.
   */
  contextWindow?: number;
  /** The next this-many embedding requests fail with a 500. */
  embeddingFailures: number;
  /**
   * Called as each completion chunk is handed to the socket (res.write), with its index, text and
   * `performance.now()` then: a benchmark can time each token from the stub to its client.
   */
  onChunk?: (record: RecordedRequest, index: number, text: string, time: number) => void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cuts `text` into the chunks a reply asks for. */
export function chunkText(reply: StubReply): string[] {
  if (reply.chunks) return reply.chunks;
  const { text } = reply;
  if (reply.splitAt) {
    const cuts = [...new Set(reply.splitAt)].filter((i) => i > 0 && i < text.length);
    cuts.sort((a, b) => a - b);
    const out: string[] = [];
    let start = 0;
    for (const cut of cuts) {
      out.push(text.slice(start, cut));
      start = cut;
    }
    out.push(text.slice(start));
    return out.filter((c) => c.length > 0);
  }
  const size = reply.chunkSize ?? 4;
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** A deterministic bag-of-words embedding: texts sharing words point the same way. */
export function stubEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (const ch of word) hash = Math.imul(hash ^ ch.codePointAt(0)!, 16777619);
    vector[Math.abs(hash) % dimensions] += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

const defaultReply = (): StubReply => ({
  text: '[[ ## reasoning ## ]]\nThe stub has no script.\n\n[[ ## answer ## ]]\nNo scripted reply.\n\n[[ ## completed ## ]]',
});

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startOpenAIStub(options: { port?: number } = {}): Promise<OpenAIStub> {
  const queue: StubReply[] = [];
  const requests: RecordedRequest[] = [];

  const stub: OpenAIStub = {
    url: '',
    requests,
    enqueue: (...replies) => {
      for (const r of replies) queue.push({ text: '', ...r });
    },
    reply: defaultReply,
    embeddingDimensions: 64,
    embeddingFailures: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function streamCompletion(
    res: ServerResponse,
    record: RecordedRequest,
    body: Record<string, unknown>,
  ) {
    if (stub.contextWindow !== undefined) {
      const messages = (body.messages ?? []) as Array<{ content?: string }>;
      const prompt = messages.reduce(
        (sum, m) => sum + 4 + Math.ceil(String(m.content ?? '').length / 4),
        0,
      );
      const wanted = prompt + (Number(body.max_tokens) || 0);
      if (wanted > stub.contextWindow) {
        sendJson(res, 400, {
          error: {
            message: `This model's maximum context length is ${stub.contextWindow} tokens. However, your messages resulted in ${prompt} tokens.`,
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
          },
        });
        record.finishedAt = Date.now();
        return;
      }
    }
    const reply = queue.shift() ?? stub.reply(body);
    if (reply.stallMs) await sleep(reply.stallMs);
    if (reply.status) {
      sendJson(res, reply.status, {
        error: { message: `stub failure ${reply.status}`, type: 'stub' },
      });
      record.finishedAt = Date.now();
      return;
    }
    const model = String(body.model ?? 'stub-model');
    const chunks = chunkText(reply);
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: JSON.stringify(body.messages ?? '').length >> 2,
      completion_tokens: chunks.length,
      total_tokens: (JSON.stringify(body.messages ?? '').length >> 2) + chunks.length,
    };

    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          { index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' },
        ],
        usage,
      });
      record.finishedAt = Date.now();
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const event = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
    res.write(
      event([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    );

    // Resolves once the last chunk written has reached the socket, so a cut loses nothing sent.
    let flushed = Promise.resolve();
    const send = (data: string) => {
      flushed = new Promise((resolve) => res.write(data, () => resolve()));
    };
    for (let i = 0; i < chunks.length; i++) {
      if (record.closedEarlyAt) return;
      if (i === reply.cutAfterChunks) {
        await flushed;
        res.socket?.destroy();
        return;
      }
      if (i === reply.stallAfterChunks) return; // keep the connection open, send nothing more
      if (i === reply.streamError?.afterChunks) {
        const error = JSON.stringify({
          error: { message: 'stub failure mid-stream', type: 'stub' },
        });
        res.end(`${reply.streamError.named ? 'event: error\n' : ''}data: ${error}\n\n`);
        record.finishedAt = Date.now();
        return;
      }
      if (i === reply.malformedAfterChunks) send('data: {"choices": [ this is not json\n\n');
      send(event([{ index: 0, delta: { content: chunks[i] }, finish_reason: null }]));
      stub.onChunk?.(record, i, chunks[i], performance.now());
      if (reply.delayMs) await sleep(reply.delayMs);
    }
    if (record.closedEarlyAt) return;
    res.write(event([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)
      ?.include_usage;
    if (wantsUsage) res.write(event([], { usage }));
    res.end('data: [DONE]\n\n');
    record.finishedAt = Date.now();
  }

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    let body: Record<string, unknown> = {};
    try {
      body = req.method === 'POST' ? await readBody(req) : {};
    } catch {
      sendJson(res, 400, { error: { message: 'invalid JSON' } });
      return;
    }
    const record: RecordedRequest = { path, body, receivedAt: Date.now() };
    requests.push(record);
    res.on('close', () => {
      if (!record.finishedAt && !res.writableEnded) record.closedEarlyAt = Date.now();
    });

    if (path.endsWith('/chat/completions') && req.method === 'POST') {
      await streamCompletion(res, record, body);
    } else if (
      path.endsWith('/embeddings') &&
      req.method === 'POST' &&
      stub.embeddingFailures > 0
    ) {
      stub.embeddingFailures--;
      sendJson(res, 500, { error: { message: 'stub embedding failure', type: 'stub' } });
      record.finishedAt = Date.now();
    } else if (path.endsWith('/embeddings') && req.method === 'POST') {
      const input = body.input;
      const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
      sendJson(res, 200, {
        object: 'list',
        model: body.model ?? 'stub-embedding',
        data: texts.map((t, index) => ({
          object: 'embedding',
          index,
          embedding: stubEmbedding(t, stub.embeddingDimensions),
        })),
        usage: {
          prompt_tokens: texts.join(' ').length >> 2,
          total_tokens: texts.join(' ').length >> 2,
        },
      });
      record.finishedAt = Date.now();
    } else if (path.endsWith('/models')) {
      sendJson(res, 200, { object: 'list', data: [{ id: 'stub-model', object: 'model' }] });
      record.finishedAt = Date.now();
    } else {
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}
