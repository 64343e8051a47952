import type { StreamEvent } from './messages';

/** What has text its followers have not read yet (a ListenedCall). */
export interface CatchesUp {
  catchUp(): void;
}

const end: IteratorResult<never> = { value: undefined, done: true };

/**
 * The hand-over between a running program and the consumer of its events: an async iterator
 * over pushed events, for one `next()` at a time as `for await` calls it. The program starts on
 * the first `next()`, and `return()` (a `break` out of `for await`) calls `stop` so the
 * program's LM request is cancelled. The program reads its LM calls itself, so the consumer's
 * pace never holds a model's connection open; the queue is unbounded, its producer being one
 * program call.
 *
 * A listened call's text is read by its followers when the consumer is handed events, not as
 * each chunk arrives: a waiting consumer is woken once the microtasks in flight have run
 * (`process.nextTick`), and the followers then read all the text that came meanwhile. Text that
 * arrives together (the several events of one network read, an LM that yields without waiting)
 * thus reaches the consumer as early as it could, as one chunk, for one pass of the lexer and
 * one hand-over instead of one per chunk: paid per one-character chunk, those would cost as much
 * as the LM's own stream (bench:stream compares the two). The followers also catch up
 * before any other event is queued, so events keep the order in which the program made them.
 */
export class EventQueue implements AsyncIterableIterator<StreamEvent> {
  /**
   * Queued events in items[head..tail). Emptied by moving the indices, never by shrinking the
   * array: a shrunk array must grow again on the next push.
   */
  private items: (StreamEvent | undefined)[] = [];
  private head = 0;
  private tail = 0;
  /** Listened calls with text their followers have not read yet. */
  private unread: CatchesUp[] = [];
  private waiting: {
    resolve: (r: IteratorResult<StreamEvent>) => void;
    reject: (e: unknown) => void;
  } | null = null;
  /** A wake-up of the waiting consumer is due at the next tick. */
  private waking = false;
  private state: 'idle' | 'running' | 'closed' | 'failed' = 'idle';
  private error: unknown;

  constructor(
    private readonly start: () => void,
    private readonly stop: () => void,
  ) {}

  push(event: StreamEvent): void {
    if (this.state !== 'running') return;
    this.catchUp();
    this.enqueue(event);
  }

  /** Queues an event a follower made while catching up. */
  enqueue(event: StreamEvent): void {
    if (this.state !== 'running') return;
    this.items[this.tail++] = event;
    this.wake();
  }

  /** A listened call has text its followers have not read (said once until they catch up). */
  textArrived(call: CatchesUp): void {
    if (this.state !== 'running') return;
    this.unread.push(call);
    this.wake();
  }

  close(): void {
    if (this.state !== 'running') return;
    this.catchUp();
    this.state = 'closed';
    this.wake();
  }

  fail(error: unknown): void {
    if (this.state !== 'running') return;
    this.state = 'failed';
    this.error = error;
    this.wake();
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.state === 'idle') {
      this.state = 'running';
      this.start();
    }
    this.catchUp();
    if (this.head < this.tail) return Promise.resolve(this.shift());
    if (this.state === 'running') {
      return new Promise((resolve, reject) => {
        this.waiting = { resolve, reject };
      });
    }
    return this.ended();
  }

  return(): Promise<IteratorResult<StreamEvent>> {
    const wasRunning = this.state === 'running';
    this.state = 'closed';
    this.items = [];
    this.unread = [];
    this.head = this.tail = 0;
    if (wasRunning) this.stop();
    return Promise.resolve(end);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The followers of every call with unread text read it; what they emit is queued. */
  private catchUp(): void {
    if (this.unread.length === 0) return;
    const calls = this.unread;
    this.unread = [];
    for (const call of calls) call.catchUp();
  }

  private wake(): void {
    if (this.waiting === null || this.waking) return;
    this.waking = true;
    process.nextTick(EventQueue.deliver, this);
  }

  private static deliver(queue: EventQueue): void {
    queue.waking = false;
    const waiting = queue.waiting;
    if (waiting === null) return;
    if (queue.state === 'running') queue.catchUp();
    // Text that made no event yet (another field's, or held back) leaves the consumer waiting.
    if (queue.head === queue.tail && queue.state === 'running') return;
    queue.waiting = null;
    if (queue.head < queue.tail) waiting.resolve(queue.shift());
    else queue.ended().then(waiting.resolve, waiting.reject);
  }

  /** What `next()` gives once the queue is drained and the program has ended. */
  private ended(): Promise<IteratorResult<StreamEvent>> {
    if (this.state !== 'failed') return Promise.resolve(end);
    this.state = 'closed';
    return Promise.reject(this.error);
  }

  private shift(): IteratorResult<StreamEvent> {
    const value = this.items[this.head] as StreamEvent;
    this.items[this.head++] = undefined;
    if (this.head === this.tail) this.head = this.tail = 0;
    return { value, done: false };
  }
}
