import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { httpFetch } from './http-fetch';
import type { LM, LMRequest, LMStreamPart } from './lm';
import { sleep } from './sleep';
import { type ServerSentEvent, SSEParser } from './sse-parser';

export interface OpenAILMOptions {
  model: string;
  /** An OpenAI-compatible server (Ollama, vLLM, LM Studio); default OpenAI's. */
  baseURL?: string;
  /** Local servers need none; a placeholder is sent then. */
  apiKey?: string;
  /** Longest wait for the response to start and then between two chunks (default 60 s). */
  timeoutMs?: number;
  /** Retries of a request that failed before its first token (default 2). */
  maxRetries?: number;
  /** Wait before the first retry, doubled for each next one (default 500 ms). */
  backoffMs?: number;
  temperature?: number;
  /** Tokens the model takes in one request, prompt and completion together. */
  contextWindow?: number;
}

/** The model server sent nothing for `timeoutMs`. */
export class LMTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The model server sent nothing for ${timeoutMs} ms`);
    this.name = 'LMTimeoutError';
  }
}

/** The response stream broke off before the model said it had finished. */
export class LMStreamCutError extends Error {
  constructor(cause?: unknown) {
    const why = cause instanceof Error ? ` (${cause.message})` : '';
    super(`The model server's stream broke off before the completion was finished${why}`, {
      cause,
    });
    this.name = 'LMStreamCutError';
  }
}

/**
 * Chat completions, streamed, from any OpenAI-compatible server. Retries are done here rather
 * than by the client so that a request is retried only while nothing has been streamed from it:
 * once text has reached the caller, a retry would repeat it.
 */
export class OpenAILM implements LM {
  readonly provider = 'openai';
  readonly model: string;
  readonly contextWindow?: number;
  private readonly options: OpenAILMOptions;
  private client: OpenAI | undefined;

  constructor(options: OpenAILMOptions) {
    this.model = options.model;
    this.contextWindow = options.contextWindow;
    this.options = options;
  }

  async *stream(
    request: LMRequest,
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncGenerator<LMStreamPart> {
    const { maxRetries = 2, backoffMs = 500, timeoutMs = 60_000 } = this.options;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const connection = new AbortController();
      const cancel = () => connection.abort(signal?.reason);
      signal?.addEventListener('abort', cancel, { once: true });
      let timedOut = false;
      // Restarted by every chunk: refresh() moves the one timer rather than making a new one.
      const timer = setTimeout(() => {
        timedOut = true;
        connection.abort();
      }, timeoutMs);
      let responded = false;
      let streamed = false;
      try {
        const response = await this.getClient()
          .chat.completions.create(
            {
              model: this.model,
              messages: request.messages,
              stream: true,
              stream_options: { include_usage: true },
              temperature: request.params.temperature ?? this.options.temperature,
              max_tokens: request.params.maxTokens,
              response_format:
                request.params.responseFormat === 'json_object'
                  ? { type: 'json_object' }
                  : undefined,
            },
            { signal: connection.signal },
          )
          // The client sends the request and turns an error status into its APIError; the
          // body is read here, by a parser that costs a fraction of the client's per token.
          .asResponse();
        responded = true;
        if (!response.body) throw new LMStreamCutError(new Error('the response has no body'));
        const reader = response.body.getReader();
        const parser = new SSEParser();
        let finished = false;
        reading: for (;;) {
          const { done, value } = await reader.read();
          timer.refresh();
          for (const event of done ? parser.end() : parser.push(value)) {
            if (event.data === '[DONE]') break reading;
            const chunk = completionChunk(event, response.headers);
            if (chunk.choices[0]?.finish_reason) finished = true;
            const text = chunk.choices[0]?.delta?.content;
            if (text) {
              streamed = true;
              yield { type: 'text', text };
            }
            if (chunk.usage) {
              yield {
                type: 'usage',
                usage: {
                  promptTokens: chunk.usage.prompt_tokens,
                  completionTokens: chunk.usage.completion_tokens,
                },
              };
            }
            // Stopped while this chunk's events were being handed on: the rest are not wanted.
            if (connection.signal.aborted) throw connection.signal.reason;
          }
          if (done) break;
        }
        // A completion without a finish reason is not a complete one.
        if (!finished) throw new LMStreamCutError();
        return;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const failure = timedOut
          ? new LMTimeoutError(timeoutMs)
          : responded && !(error instanceof APIError) && !(error instanceof LMStreamCutError)
            ? new LMStreamCutError(error)
            : error;
        if (streamed || attempt >= maxRetries || !isTransient(failure)) throw failure;
        await sleep(retryDelay(failure, backoffMs * 2 ** attempt), signal);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', cancel);
        connection.abort(); // closes the connection if the caller stopped reading early
      }
    }
  }

  private getClient(): OpenAI {
    this.client ??= new OpenAI({
      baseURL: this.options.baseURL,
      apiKey: this.options.apiKey || 'not-needed',
      maxRetries: 0,
      fetch: httpFetch,
    });
    return this.client;
  }
}

/**
 * One event of a streamed completion, failing as the `openai` client's own stream does: an
 * event that is not JSON is a SyntaxError, and an `error` event or an `error` payload (a server
 * failing after it sent its 200) is an APIError with the server's message.
 */
function completionChunk(event: ServerSentEvent, headers: Headers): ChatCompletionChunk {
  let data: { error?: object } | null;
  try {
    data = JSON.parse(event.data);
  } catch {
    throw new SyntaxError('Error reading response: malformed server-sent event JSON.');
  }
  if (event.event === 'error')
    throw new APIError(undefined, data?.error ?? data ?? undefined, undefined, headers);
  if (typeof data !== 'object' || data === null)
    throw new SyntaxError('Error reading response: a server-sent event that is not an object.');
  if (data.error) throw new APIError(undefined, data.error, undefined, headers);
  return data as ChatCompletionChunk;
}

/** Rate limits, server errors, timeouts and broken connections; not the request's own faults. */
function isTransient(error: unknown): boolean {
  if (error instanceof APIError && error.status !== undefined) {
    return error.status === 429 || error.status >= 500;
  }
  return error instanceof Error;
}

/** The server's Retry-After when it gives one (capped), else exponential backoff with jitter. */
function retryDelay(error: unknown, backoff: number): number {
  const retryAfter = error instanceof APIError ? error.headers?.get('retry-after') : null;
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, 30_000);
  return backoff * (0.5 + Math.random() / 2);
}
