import type { LMStreamPart } from '../lm/lm';
import type { ListenedCall } from './listened-call';

/**
 * The hand-over between a running program and the consumer of its events: an async iterator
 * over pushed values. The program starts on the first `next()`, and `return()` (a `break` out of
 * `for await`) calls `stop` so the program's LM request is cancelled.
 *
 * A listened LM call is read by the consumer itself: while one streams, `next()` reads the LM's
 * next part and resolves with the event it makes, so each chunk costs one promise hop instead
 * of two (the program's read, then the hand-over). Events the rest of the program pushes
 * meanwhile (a parallel branch's status) are queued and go out before the next chunk's. Only
 * one call is read that way at a time; a listened call that starts while another is read reads
 * itself and pushes its events, as unlistened calls read themselves.
 *
 * Unbounded: the producer is an LM stream, whose total size is one completion.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: {
    resolve: (r: IteratorResult<T>) => void;
    reject: (e: unknown) => void;
  } | null = null;
  /** The listened call that `next()` reads, if one is streaming. */
  private reading: ListenedCall | null = null;
  private state: 'idle' | 'running' | 'closed' | 'failed' = 'idle';
  private error: unknown;

  constructor(
    private readonly start: () => void,
    private readonly stop: () => void,
  ) {}

  push(item: T): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  /** Reads a listened call: on the consumer's `next()` if no other call is read so, else now. */
  read(call: ListenedCall): void {
    if (this.reading || this.state !== 'running') {
      void readAlone(call);
      return;
    }
    this.reading = call;
    if (this.waiting) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      this.readNext().then(resolve, reject);
    }
  }

  close(): void {
    if (this.state !== 'running') return;
    this.state = 'closed';
    this.settleWaiting();
  }

  fail(error: unknown): void {
    if (this.state !== 'running') return;
    this.state = 'failed';
    this.error = error;
    this.settleWaiting();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.state === 'idle') {
      this.state = 'running';
      this.start();
    }
    const queued = this.shift();
    if (queued) return Promise.resolve(queued);
    if (this.state === 'failed') {
      this.state = 'closed';
      return Promise.reject(this.error);
    }
    if (this.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    if (this.reading) return this.readNext();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const wasRunning = this.state === 'running';
    this.state = 'closed';
    this.items = [];
    this.head = 0;
    if (wasRunning) {
      this.stop();
      this.stopReading('The stream consumer stopped reading');
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The consumer's promise is the LM's own, chained once: one hop per part, the least there is. */
  private readNext(): Promise<IteratorResult<T>> {
    return this.reading!.parts.next().then(this.received, this.readFailed);
  }

  private received = (
    result: IteratorResult<LMStreamPart>,
  ): IteratorResult<T> | Promise<IteratorResult<T>> => {
    if (this.reading?.take(result)) this.reading = null;
    // The result itself, not a promise of it, which would cost the consumer two more hops. A
    // part that makes no event (held-back text, another field) leaves `next()` to read on.
    return this.shift() ?? this.next();
  };

  private readFailed = (error: unknown): Promise<IteratorResult<T>> => {
    this.reading?.fail(error);
    this.reading = null;
    // The error reaches the consumer through the program, which may also handle it.
    return this.next();
  };

  private shift(): IteratorResult<T> | undefined {
    if (this.head === this.items.length) return undefined;
    const value = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return { value, done: false };
  }

  /** Nobody will read the call `next()` was reading, so it is cancelled. */
  private stopReading(why: string): void {
    this.reading?.cancel(new DOMException(why, 'AbortError'));
    this.reading = null;
  }

  private settleWaiting(): void {
    this.stopReading('The program ended while one of its LM calls was still streaming');
    if (!this.waiting) return;
    const { resolve, reject } = this.waiting;
    this.waiting = null;
    if (this.state === 'failed') {
      this.state = 'closed';
      reject(this.error);
    } else resolve({ value: undefined, done: true });
  }
}

/** Reads a listened call to its end without waiting for the consumer. */
async function readAlone(call: ListenedCall): Promise<void> {
  try {
    while (!call.take(await call.parts.next()));
  } catch (error) {
    call.fail(error);
  }
}
