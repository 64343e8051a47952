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
    if (this.waiting) this.pump();
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
    if (this.reading && !this.readInFlight && !this.readingAhead) return this.pull(this.pulled);
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
  private pull(
    then: (result: IteratorResult<LMStreamPart>) => IteratorResult<T> | Promise<IteratorResult<T>>,
  ): Promise<IteratorResult<T>> {
    this.readInFlight = true;
    return this.reading!.parts.next().then(then, this.pullFailed);
  }

  // A part read for the consumer resolves its promise with the event it made; returning a
  // promise instead would cost the consumer two more hops, so that is done at most once a run.
  private readonly pulled = (result: IteratorResult<LMStreamPart>) =>
    this.takeQueued(result) ??
    (this.reading && !this.readingAhead ? this.pull(this.pulledAgain) : this.wait());

  private readonly pulledAgain = (result: IteratorResult<LMStreamPart>) =>
    this.takeQueued(result) ?? this.wait();

  private readonly pullFailed = (error: unknown): Promise<IteratorResult<T>> => {
    this.readFailed(error);
    // The error reaches the consumer through the program, which may also handle it.
    return this.wait();
  };

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
    if (this.reading && !this.readInFlight) this.pump();
    return waiting;
  }

  /** Reads the next part for a waiting consumer, or for nobody once it fell behind. */
  private pump(): void {
    this.readInFlight = true;
    this.reading!.parts.next().then(this.pumped, this.readFailed);
  }

  private readonly pumped = (result: IteratorResult<LMStreamPart>): void => {
    this.take(result);
    if (this.reading && (this.waiting || this.readingAhead)) this.pump();
  };

  private readonly readFailed = (error: unknown): void => {
    this.readInFlight = false;
    this.reading?.fail(error);
    this.reading = null;
  };

  /**
   * At the turn of the event loop after a part was read: a consumer that has neither a read in
   * flight nor asked for the next event is busy elsewhere, so the call is read on without it.
   * (Armed by progress, not by time, so a model that is slow to answer costs nothing.)
   */
  private readonly watch = (): void => {
    this.watching = false;
    if (!this.reading || this.readingAhead || this.readInFlight) return;
    this.readingAhead = true;
    this.pump();
  };

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
        setImmediate(this.watch);
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
