/**
 * The hand-over between a running program and the consumer of its events: an async iterator
 * over pushed values. The program starts on the first `next()`, and `return()` (a `break` out of
 * `for await`) calls `stop` so the program's LM request is cancelled.
 *
 * Unbounded: the producer is an LM stream, whose total size is one completion, and a slow
 * consumer should not hold a model connection open longer than needed.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: {
    resolve: (r: IteratorResult<T>) => void;
    reject: (e: unknown) => void;
  } | null = null;
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
    if (this.head < this.items.length) {
      const value = this.items[this.head++];
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.state === 'failed') {
      this.state = 'closed';
      return Promise.reject(this.error);
    }
    if (this.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const wasRunning = this.state === 'running';
    this.state = 'closed';
    this.items = [];
    this.head = 0;
    if (wasRunning) this.stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settleWaiting(): void {
    if (!this.waiting) return;
    const { resolve, reject } = this.waiting;
    this.waiting = null;
    if (this.state === 'failed') {
      this.state = 'closed';
      reject(this.error);
    } else resolve({ value: undefined, done: true });
  }
}
