import { createUIMessageStreamResponse, type InferUIMessageChunk } from 'ai';
import type { ChatUIMessage } from './types';

type UIMessageChunk = InferUIMessageChunk<ChatUIMessage>;

/** Why an answer ended early because the person pressed stop. */
export class AnswerStopped extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'AnswerStopped';
  }
}

/**
 * An answer being written: its UI stream chunks so far, kept so that any number of readers
 * (the asking request, a reload re-attaching) can follow it from its start. It runs on its own,
 * whatever happens to the readers; only stop() ends it early.
 */
export class ActiveAnswer {
  private readonly controller = new AbortController();
  private readonly chunks: UIMessageChunk[] = [];
  private ended = false;
  private waiting: Array<() => void> = [];
  private resolveFinished!: () => void;
  /** Settles once the answer is stored, however it ended. */
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(readonly messageId: string) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  write(chunk: UIMessageChunk): void {
    this.chunks.push(chunk);
    this.wake();
  }

  /** Called once the answer is stored: readers get the rest and then the end. */
  end(): void {
    this.ended = true;
    this.wake();
    this.resolveFinished();
  }

  /** Aborts the model request; resolves once the partial answer is stored. */
  stop(): Promise<void> {
    this.controller.abort(new AnswerStopped());
    return this.finished;
  }

  /** A reader that replays the answer from its start and then follows it live. */
  stream(): ReadableStream<UIMessageChunk> {
    let next = 0;
    return new ReadableStream({
      pull: async (controller) => {
        while (next >= this.chunks.length && !this.ended) {
          await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
        if (next < this.chunks.length) controller.enqueue(this.chunks[next++]);
        else controller.close();
      },
    });
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
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

/**
 * An answer as an HTTP response: the AI SDK's UI message stream, never compressed. Compression
 * holds tokens back until a block fills (and costs a core under load); no-transform tells Next's
 * gzip, and any proxy on the way, to leave the stream alone.
 */
export function answerResponse(answer: ActiveAnswer): Response {
  return createUIMessageStreamResponse({
    stream: answer.stream(),
    headers: { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}
