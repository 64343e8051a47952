import type { LMStreamPart } from '../lm/lm';
import { type ListenedCall, readAlone } from './listened-call';

const end: IteratorResult<never> = { value: undefined, done: true };

/**
 * The hand-over between a running program and the consumer of its events: an async iterator
 * over pushed values, for one `next()` at a time as `for await` calls it. The program starts on
 * the first `next()`, and `return()` (a `break` out of `for await`) calls `stop` so the
 * program's LM request is cancelled.
 *
 * A listened LM call is read by the consumer itself while it keeps up: `next()` asks the LM for
 * its next part and the promise it returns is that request's, chained once, so a chunk costs
 * one promise hop more than iterating the LM directly instead of two (the program's read, then
 * the hand-over). A part that makes no event (text of another field, text held back) is read
 * on through the same promise once; after a second such part the queue reads on by itself and
 * hands over the next event, which costs one hop more but only once per run of such parts.
 *
 * That one hop is the floor of any hand-over: the consumer cannot await the LM's own promise,
 * which resolves to the LM's part rather than an event. On Node 24 with one-character chunks an
 * iterator that does nothing but this hop runs at 0.78-0.89 of plain iteration's speed, where
 * streamify runs at 0.49-0.57 (bench:stream's chunks; the lexer, the follower, the event
 * objects and the program call share the rest).
 *
 * The consumer's pace does not hold the model's connection open: if it has not asked for the
 * next event by the time the event loop comes round (see `watch`), the call is read to its end
 * without waiting for it and its events are queued. Only one call is read by the consumer at a
 * time; a listened call that starts while another streams reads itself, as unlistened calls do.
 *
 * Unbounded: the producer is an LM stream, whose total size is one completion.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  /**
   * Queued events in items[head..tail). Emptied by moving the indices, never by shrinking the
   * array: a shrunk array must grow again on the next push, which cost more than the whole
   * hand-over of a one-character chunk.
   */
  private items: (T | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private waiting: {
    resolve: (r: IteratorResult<T>) => void;
    reject: (e: unknown) => void;
  } | null = null;
  private state: 'idle' | 'running' | 'closed' | 'failed' = 'idle';
  private error: unknown;
  /** The listened call the queue reads, if one is streaming. */
  private reading: ListenedCall | null = null;
  /** A `next()` of the call's parts has not settled yet. */
  private readInFlight = false;
  /** The consumer fell behind: the call is read to its end without waiting for it. */
  private readingAhead = false;
  /** A `watch` is due at the next turn of the event loop. */
  private watching = false;
  /** The consumer's promise has already read one part that made no event. */
  private pulledAgain = false;
  // The consumer's promise is the LM's chained to these, bound once rather than per chunk.
  private readonly onPulled: (
    result: IteratorResult<LMStreamPart>,
  ) => IteratorResult<T> | Promise<IteratorResult<T>>;
  private readonly onPullFailed: (error: unknown) => Promise<IteratorResult<T>>;

  constructor(
    private readonly start: () => void,
    private readonly stop: () => void,
  ) {
    this.onPulled = this.pulled.bind(this);
    this.onPullFailed = this.pullFailed.bind(this);
  }

  push(item: T): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
    } else this.items[this.tail++] = item;
  }

  /** Reads a listened call: as the consumer asks, unless another call is read so already. */
  read(call: ListenedCall): void {
    if (this.reading || this.state !== 'running') {
      void readAlone(call);
      return;
    }
    this.reading = call;
    this.readingAhead = false;
    if (this.waiting) void this.pump();
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
    if (this.reading && !this.readInFlight && !this.readingAhead) return this.pull(false);
    return this.wait();
  }

  return(): Promise<IteratorResult<T>> {
    const wasRunning = this.state === 'running';
    this.state = 'closed';
    this.items = [];
    this.head = this.tail = 0;
    if (wasRunning) {
      this.stop();
      this.stopReading('The stream consumer stopped reading');
    }
    return Promise.resolve(end);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The consumer's own promise: the LM's request for the next part, chained once. */
  private pull(again: boolean): Promise<IteratorResult<T>> {
    this.readInFlight = true;
    this.pulledAgain = again;
    return this.reading!.parts.next().then(this.onPulled, this.onPullFailed);
  }

  /**
   * A part read for the consumer resolves its promise with the event it made. Without one, the
   * promise reads one more part itself, then waits for the queue to read on: returning a promise
   * from here costs the consumer two more hops, so that is paid at most twice a run of parts.
   */
  private pulled(
    result: IteratorResult<LMStreamPart>,
  ): IteratorResult<T> | Promise<IteratorResult<T>> {
    const again = this.pulledAgain;
    const event = this.takeQueued(result);
    if (event) return event;
    if (!again && this.reading && !this.readingAhead) return this.pull(true);
    return this.wait();
  }

  private pullFailed(error: unknown): Promise<IteratorResult<T>> {
    this.readFailed(error);
    // The error reaches the consumer through the program, which may also handle it.
    return this.wait();
  }

  /** Waits for the next pushed event, reading the call meanwhile if nobody else is. */
  private wait(): Promise<IteratorResult<T>> {
    if (this.state === 'failed') {
      this.state = 'closed';
      return Promise.reject(this.error);
    }
    if (this.state === 'closed') return Promise.resolve(end);
    const waiting = new Promise<IteratorResult<T>>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
    if (this.reading && !this.readInFlight) void this.pump();
    return waiting;
  }

  /** Reads parts for a waiting consumer, or for nobody once it fell behind. */
  private async pump(): Promise<void> {
    const call = this.reading!;
    try {
      do {
        this.readInFlight = true;
        this.take(await call.parts.next());
      } while (this.reading === call && (this.waiting !== null || this.readingAhead));
    } catch (error) {
      this.readFailed(error);
    }
  }

  private readFailed(error: unknown): void {
    this.readInFlight = false;
    this.reading?.fail(error);
    this.reading = null;
  }

  /**
   * At the turn of the event loop after a part was read: a consumer that has neither a read in
   * flight nor asked for the next event is busy elsewhere, so the call is read on without it.
   * (Armed by progress, not by time, so a model that is slow to answer costs nothing.)
   */
  private static watch<T>(queue: EventQueue<T>): void {
    queue.watching = false;
    if (!queue.reading || queue.readingAhead || queue.readInFlight) return;
    queue.readingAhead = true;
    void queue.pump();
  }

  /** Hands one part to the call being read (its events are pushed); then the first queued. */
  private takeQueued(result: IteratorResult<LMStreamPart>): IteratorResult<T> | undefined {
    this.take(result);
    return this.shift();
  }

  private take(result: IteratorResult<LMStreamPart>): void {
    this.readInFlight = false;
    const call = this.reading;
    if (!call) return;
    try {
      if (call.take(result)) this.reading = null;
      else if (!this.watching) {
        this.watching = true;
        setImmediate(EventQueue.watch<T>, this);
      }
    } catch (error) {
      // A follower failed on this text (an adapter's lexer): the predictor's call fails with it.
      this.readFailed(error);
    }
  }

  private shift(): IteratorResult<T> | undefined {
    if (this.head === this.tail) return undefined;
    const value = this.items[this.head] as T;
    this.items[this.head++] = undefined;
    if (this.head === this.tail) this.head = this.tail = 0;
    return { value, done: false };
  }

  /** Nobody will read the call being streamed, so it is cancelled. */
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
    } else resolve(end);
  }
}
