import type { FieldLexer, FieldSink } from '../adapters/adapter';
import type { LMCallInfo } from '../run';
import type { StreamResponse } from './messages';

export interface StreamListenerOptions {
  /** The predictor's path in the program, e.g. 'synthesize.predict'. */
  predictName: string;
  /** The output field to stream. */
  field: string;
  /**
   * Follow the field every time the predictor runs within one program call (a loop), not just
   * the first time.
   */
  allowReuse?: boolean;
}

/**
 * Streams one output field of one predictor. This object is only the description: streamify
 * opens a fresh `FieldFollower` from it for every program call, so concurrent calls never share
 * state and a listener is as good on the hundredth call as on the first.
 */
export class StreamListener {
  readonly predictName: string;
  readonly field: string;
  readonly allowReuse: boolean;

  constructor(options: StreamListenerOptions) {
    this.predictName = options.predictName;
    this.field = options.field;
    this.allowReuse = options.allowReuse ?? false;
  }

  open(): FieldFollower {
    return new FieldFollower(this);
  }
}

/**
 * A listener's state within one program call. For each LM call of its predictor it runs the
 * adapter's own lexer over the raw chunks and turns what the lexer emits for the field into at
 * most one StreamResponse per chunk: whatever can no longer be part of a marker goes out at once,
 * and the field's end (a boundary in the text, or the end of the completion) sends `isLast`.
 */
export class FieldFollower implements FieldSink {
  private lexer: FieldLexer | null = null;
  private pending = '';
  private ended = false;
  /** The field was completed in this program call and the listener is not reusable. */
  private done = false;
  private cached = false;
  /** Whether the current predictor call has sent text, so that a retry must say `restart`. */
  private sentInCall = false;
  private restart = false;

  constructor(readonly listener: StreamListener) {}

  /** Starts following an LM call, unless it is not this listener's to follow. */
  follow(call: LMCallInfo): boolean {
    if (call.predictName !== this.listener.predictName || this.lexer !== null) return false;
    if (call.attempt === 1) {
      if (this.done) return false;
      this.sentInCall = false;
    }
    this.restart = call.attempt > 1 && this.sentInCall;
    this.cached = call.cached;
    this.lexer = call.adapter.createLexer(call.signature, this);
    return true;
  }

  receive(chunk: string): StreamResponse | undefined {
    this.lexer?.push(chunk);
    return this.take();
  }

  /** The LM call's completion is over: settles what was held back and ends an open field. */
  finish(): StreamResponse | undefined {
    this.lexer?.finish();
    this.lexer = null;
    return this.take();
  }

  /** Characters of the completion received but not yet passed on. */
  get heldBack(): number {
    return this.lexer?.heldBack ?? 0;
  }

  start(): void {}

  delta(field: string, text: string): void {
    if (field === this.listener.field) this.pending += text;
  }

  end(field: string): void {
    if (field === this.listener.field) this.ended = true;
  }

  private take(): StreamResponse | undefined {
    if (this.pending.length === 0 && !this.ended) return undefined;
    const response: StreamResponse = {
      type: 'stream',
      predictName: this.listener.predictName,
      field: this.listener.field,
      chunk: this.pending,
      isLast: this.ended,
    };
    if (this.cached) response.cached = true;
    if (this.restart) response.restart = true;
    this.pending = '';
    this.restart = false;
    this.sentInCall = true;
    if (this.ended) {
      this.ended = false;
      this.done = !this.listener.allowReuse;
    }
    return response;
  }
}
