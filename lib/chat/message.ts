import type { Source } from '@/db';

/** A piece of an answer as it streams; `restart` means the text so far is void (the model was asked again). */
export interface ContentChunk {
  text: string;
  restart?: boolean;
}

/**
 * An answer being written, Ragna-style: its sources are known once retrieval ends, its content
 * is first a stream and then a value. Iterating streams the chunks (once); `read()` drains what
 * is left and returns the whole text, as often as asked.
 */
export class Message {
  private readonly chunks: AsyncIterator<ContentChunk>;
  private text = '';
  private state: 'fresh' | 'streaming' | 'drained' = 'fresh';
  private draining: Promise<string> | undefined;

  constructor(
    readonly sources: Source[],
    content: AsyncIterable<ContentChunk>,
  ) {
    this.chunks = content[Symbol.asyncIterator]();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ContentChunk> {
    if (this.state !== 'fresh') {
      throw new Error('This message was already streamed; use read() to get its content.');
    }
    this.state = 'streaming';
    try {
      for (;;) {
        const { done, value } = await this.chunks.next();
        if (done) break;
        this.text = value.restart ? value.text : this.text + value.text;
        yield value;
      }
    } finally {
      this.state = 'drained';
    }
  }

  /** The whole content, draining the stream first if nobody has. */
  read(): Promise<string> {
    if (this.draining) return this.draining;
    if (this.state === 'drained') return Promise.resolve(this.text);
    if (this.state === 'streaming') {
      return Promise.reject(
        new Error('This message is being streamed; read() it once the stream ends.'),
      );
    }
    this.draining = (async () => {
      for await (const _ of this) {
        // the iterator accumulates the text
      }
      return this.text;
    })();
    return this.draining;
  }
}
