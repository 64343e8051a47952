import { UI_MESSAGE_STREAM_HEADERS } from 'ai';
import type { ChatChunk } from './types';

/** Why an answer ended early because the person pressed stop. */
export class AnswerStopped extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'AnswerStopped';
  }
}

/**
 * A UI message chunk as the AI SDK's createUIMessageStreamResponse sends it (its
 * JsonToSseTransformStream, then a TextEncoderStream): one SSE `data:` event of JSON.
 */
const sseEvent = (chunk: ChatChunk) => `data: ${JSON.stringify(chunk)}\n\n`;
/** What JsonToSseTransformStream sends when the stream ends. */
const sseDone = Buffer.from('data: [DONE]\n\n');

/** Bytes in each of the log's blocks: the events of about two hundred tokens. */
const logBlockBytes = 16 * 1024;

/**
 * An answer's stream so far as UTF-8, appended event by event into a few large blocks kept
 * outside the JavaScript heap. An answer keeps every event for readers that re-attach; kept as
 * an object each, a hundred answers streaming left thousands of objects a second for the
 * garbage collector to copy and promote, in pauses that every stream waited out.
 */
class EventLog {
  private readonly blocks: { bytes: Buffer; used: number }[] = [];

  /** Appends an event; returns its bytes, a view into the log. */
  append(event: string): Uint8Array {
    const length = Buffer.byteLength(event);
    let block = this.blocks.at(-1);
    if (!block || block.bytes.length - block.used < length) {
      block = { bytes: Buffer.allocUnsafeSlow(Math.max(logBlockBytes, length)), used: 0 };
      this.blocks.push(block);
    }
    const start = block.used;
    block.used += block.bytes.write(event, start);
    return block.bytes.subarray(start, block.used);
  }

  /** Everything appended so far, a view per block. */
  *replay(): Generator<Uint8Array> {
    for (const { bytes, used } of this.blocks) if (used > 0) yield bytes.subarray(0, used);
  }
}

/**
 * An answer being written: its UI stream so far, kept so that any number of readers (the asking
 * request, a reload re-attaching) can follow it from its start. It runs on its own, whatever
 * happens to the readers; only stop() ends it early.
 *
 * Each chunk is serialised and encoded once, when written, and the same bytes go to the buffer
 * and straight into every reader's stream: under load the per-chunk cost of
 * createUIMessageStreamResponse's chain (a pull per chunk, then two TransformStreams, per reader)
 * was a large share of the server's CPU. The bytes are exactly that chain's (a unit test holds
 * the two side by side), and the response carries the AI SDK's headers.
 */
export class ActiveAnswer {
  private readonly controller = new AbortController();
  private readonly events = new EventLog();
  private readonly readers = new Set<ReadableStreamDefaultController<Uint8Array>>();
  private ended = false;
  private resolveFinished!: () => void;
  /** Settles once the answer is stored, however it ended. */
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(readonly messageId: string) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  write(chunk: ChatChunk): void {
    const event = this.events.append(sseEvent(chunk));
    for (const reader of this.readers) this.send(reader, event);
  }

  /** Called once the answer is stored: readers get the end of the stream. */
  end(): void {
    this.ended = true;
    for (const reader of this.readers) if (this.send(reader, sseDone)) reader.close();
    this.readers.clear();
    this.resolveFinished();
  }

  /** Aborts the model request; resolves once the partial answer is stored. */
  stop(): Promise<void> {
    this.controller.abort(new AnswerStopped());
    return this.finished;
  }

  /**
   * A reader's SSE bytes: the answer from its start, then live. Unbounded like the buffer it
   * replays: an answer is one completion long, and a slow reader must not slow the answer.
   */
  stream(): ReadableStream<Uint8Array> {
    let self: ReadableStreamDefaultController<Uint8Array>;
    return new ReadableStream({
      start: (reader) => {
        self = reader;
        for (const bytes of this.events.replay()) reader.enqueue(bytes);
        if (!this.ended) this.readers.add(reader);
        else {
          reader.enqueue(sseDone);
          reader.close();
        }
      },
      cancel: () => {
        this.readers.delete(self);
      },
    });
  }

  /**
   * Whether the reader took the bytes: one whose stream refuses more (closed or errored under
   * us) stops reading, alone.
   */
  private send(reader: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array): boolean {
    try {
      reader.enqueue(bytes);
      return true;
    } catch {
      this.readers.delete(reader);
      return false;
    }
  }
}

// One registry per process, kept on globalThis so `next dev` reloads share it.
const holder = globalThis as typeof globalThis & { folioActiveAnswers?: Map<string, ActiveAnswer> };
holder.folioActiveAnswers ??= new Map();
const byChat = holder.folioActiveAnswers;

export function activeAnswerOf(chatId: string): ActiveAnswer | undefined {
  return byChat.get(chatId);
}

export function registerAnswer(chatId: string, answer: ActiveAnswer): void {
  byChat.set(chatId, answer);
  answer.finished.then(() => {
    if (byChat.get(chatId) === answer) byChat.delete(chatId);
  });
}

const streamHeaders = { ...UI_MESSAGE_STREAM_HEADERS, 'cache-control': 'no-cache, no-transform' };

/** Chunks already known (a stored answer) as the same HTTP response a live answer is. */
export function replayResponse(chunks: ChatChunk[]): Response {
  return new Response(chunks.map(sseEvent).join('') + sseDone.toString(), {
    headers: streamHeaders,
  });
}

/**
 * An answer as an HTTP response: the AI SDK's UI message stream, never compressed. Compression
 * holds tokens back until a block fills (and costs a core under load); no-transform tells Next's
 * gzip, and any proxy on the way, to leave the stream alone.
 */
export function answerResponse(answer: ActiveAnswer): Response {
  return new Response(answer.stream(), { headers: streamHeaders });
}
