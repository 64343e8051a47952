import { UI_MESSAGE_STREAM_HEADERS } from 'ai';
import type { ChatChunk } from './types';

/** Why an answer ended early because the person pressed stop. */
export class AnswerStopped extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'AnswerStopped';
  }
}

/** Why an answer ended early because the instance writing it stopped (shutdown.ts). */
export class AnswerInterrupted extends Error {
  constructor() {
    super('This answer was cut off: the Folio server writing it was shut down. Ask again.');
    this.name = 'AnswerInterrupted';
  }
}

/**
 * A UI message chunk as the AI SDK's createUIMessageStreamResponse sends it (its
 * JsonToSseTransformStream, then a TextEncoderStream): one SSE `data:` event of JSON.
 */
const sseEvent = (chunk: ChatChunk) => `data: ${JSON.stringify(chunk)}\n\n`;
/** What JsonToSseTransformStream sends when the stream ends. */
export const sseDone = Buffer.from('data: [DONE]\n\n');

/** Bytes in each of the log's blocks: the events of about two hundred tokens. */
const logBlockBytes = 16 * 1024;

/**
 * An answer's stream so far as UTF-8, appended event by event into a few large blocks kept
 * outside the JavaScript heap. An answer keeps every event for subscribers that re-attach; kept
 * as an object each, a crowd of answers streaming leaves thousands of objects a second for the
 * garbage collector to copy and promote, in pauses that every stream waits out.
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
 * An answer being written: its UI stream so far, kept so that any number of subscribers (the asking
 * request, a reload re-attaching) can follow it from its start. It runs on its own, whatever
 * happens to the subscribers; only stop() ends it early.
 *
 * Each chunk is serialised and encoded once, when written, and the same bytes go to the buffer
 * and straight into every subscriber's stream: createUIMessageStreamResponse's chain (a pull per
 * chunk, then two TransformStreams, per subscriber) costs per chunk, and under load that cost is a
 * large share of the server's CPU. The bytes are exactly that chain's (a unit test holds
 * the two side by side), and the response carries the AI SDK's headers.
 */
export class ActiveAnswer {
  private readonly controller = new AbortController();
  private readonly events = new EventLog();
  private readonly subscribers = new Set<ReadableStreamDefaultController<Uint8Array>>();
  private ended = false;
  /** Where the events go besides this process's subscribers: the other instances. */
  private relay?: AnswerRelay;
  private resolveFinished!: () => void;
  /** Settles once the answer is stored, however it ended. */
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(readonly messageId: string) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Sends every event, from the first, to `relay` as well; set before the first is written. */
  relayTo(relay: AnswerRelay): void {
    this.relay = relay;
  }

  write(chunk: ChatChunk): void {
    const event = this.events.append(sseEvent(chunk));
    for (const subscriber of this.subscribers) this.send(subscriber, event);
    this.relay?.event(event);
  }

  /** Called once the answer is stored: subscribers get the end of the stream. */
  end(): void {
    this.ended = true;
    this.relay?.end();
    for (const subscriber of this.subscribers)
      if (this.send(subscriber, sseDone)) subscriber.close();
    this.subscribers.clear();
    this.resolveFinished();
  }

  /** Aborts the model request; resolves once the partial answer is stored. */
  stop(): Promise<void> {
    this.controller.abort(new AnswerStopped());
    return this.finished;
  }

  /** Cuts the answer off as its instance stops; resolves once it is stored `interrupted`. */
  interrupt(): Promise<void> {
    this.controller.abort(new AnswerInterrupted());
    return this.finished;
  }

  /**
   * A subscriber's SSE bytes: the answer from its start, then live. Unbounded like the buffer it
   * replays: an answer is one completion long, and a slow subscriber must not slow the answer.
   */
  stream(): ReadableStream<Uint8Array> {
    let self: ReadableStreamDefaultController<Uint8Array>;
    return new ReadableStream({
      start: (subscriber) => {
        self = subscriber;
        for (const bytes of this.events.replay()) subscriber.enqueue(bytes);
        if (!this.ended) this.subscribers.add(subscriber);
        else {
          subscriber.enqueue(sseDone);
          subscriber.close();
        }
      },
      cancel: () => {
        this.subscribers.delete(self);
      },
    });
  }

  /**
   * Whether the subscriber took the bytes: one whose stream refuses more (closed or errored under
   * us) stops reading, alone.
   */
  private send(
    subscriber: ReadableStreamDefaultController<Uint8Array>,
    bytes: Uint8Array,
  ): boolean {
    try {
      subscriber.enqueue(bytes);
      return true;
    } catch {
      this.subscribers.delete(subscriber);
      return false;
    }
  }
}

/** An answer's events on their way to other instances: each as written, then its end. */
export interface AnswerRelay {
  event(bytes: Uint8Array): void;
  end(): void;
}

/** An answer being written, as a reader anywhere gets it: its id and its SSE bytes. */
export interface FollowedAnswer {
  messageId: string;
  /** From the answer's start, then live, then `data: [DONE]`. */
  stream: ReadableStream<Uint8Array>;
}

/**
 * The answers being written, as every route sees them: in this process (the default), or in
 * Redis for every instance (redis-answers.ts). Either way an answer is written by the instance
 * that started it, and read, re-attached to and stopped through this.
 */
export interface AnswersInFlight {
  /** Whom a chat's answer is shared with, for /api/health. */
  readonly scope: 'this instance' | 'all instances';
  /**
   * Registers `answer` as the chat's answer being written; false when the chat has one already,
   * here or on any instance this reaches. The registration ends when the answer does.
   */
  claim(chatId: string, answer: ActiveAnswer): Promise<boolean>;
  /** The chat's answer being written (only if its id is `answerId`, when given). */
  follow(chatId: string, answerId?: string): Promise<FollowedAnswer | undefined>;
  /** Stops the chat's answer being written; resolves once it is stored, with its id. */
  stop(chatId: string): Promise<string | undefined>;
  /** The answers this instance is writing. */
  writtenHere(): ActiveAnswer[];
}

/** The answers this process writes, by chat. */
export class LocalAnswers implements AnswersInFlight {
  readonly scope = 'this instance';
  private readonly byChat = new Map<string, ActiveAnswer>();

  get(chatId: string): ActiveAnswer | undefined {
    return this.byChat.get(chatId);
  }

  /** Every answer this process is writing, by chat. */
  entries(): IterableIterator<[string, ActiveAnswer]> {
    return this.byChat.entries();
  }

  async claim(chatId: string, answer: ActiveAnswer): Promise<boolean> {
    return this.claimNow(chatId, answer);
  }

  /** claim(), at once: a second question in the same turn of the event loop finds it taken. */
  claimNow(chatId: string, answer: ActiveAnswer): boolean {
    if (this.byChat.has(chatId)) return false;
    this.byChat.set(chatId, answer);
    answer.finished.then(() => this.release(chatId, answer));
    return true;
  }

  /** Forgets the chat's answer, if it is still `answer`. */
  release(chatId: string, answer: ActiveAnswer): void {
    if (this.byChat.get(chatId) === answer) this.byChat.delete(chatId);
  }

  async follow(chatId: string, answerId?: string): Promise<FollowedAnswer | undefined> {
    const answer = this.byChat.get(chatId);
    if (!answer || (answerId && answer.messageId !== answerId)) return undefined;
    return { messageId: answer.messageId, stream: answer.stream() };
  }

  async stop(chatId: string): Promise<string | undefined> {
    const answer = this.byChat.get(chatId);
    if (!answer) return undefined;
    await answer.stop();
    return answer.messageId;
  }

  writtenHere(): ActiveAnswer[] {
    return [...this.byChat.values()];
  }
}

// One per process, kept on globalThis so that `next dev` reloads and every route share it.
const holder = globalThis as typeof globalThis & { folioAnswersInFlight?: AnswersInFlight };

/** The answers in flight, as start-up chose: this process's unless Redis is configured. */
export function answersInFlight(): AnswersInFlight {
  holder.folioAnswersInFlight ??= new LocalAnswers();
  return holder.folioAnswersInFlight;
}

/** Start-up's choice of where answers in flight are shared. */
export function shareAnswersThrough(answers: AnswersInFlight): void {
  holder.folioAnswersInFlight = answers;
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
export function answerResponse(answer: ActiveAnswer | FollowedAnswer): Response {
  const stream = answer instanceof ActiveAnswer ? answer.stream() : answer.stream;
  return new Response(stream, { headers: streamHeaders });
}
