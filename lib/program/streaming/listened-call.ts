import { type LMStreamPart, noUsage } from '../lm/lm';
import type { Completion } from '../run';
import type { FieldFollower } from './listener';
import type { StreamResponse } from './messages';

/**
 * An LM call that listeners follow, read one part at a time by whoever drives it (the stream's
 * consumer, see EventQueue): each part's text goes to the followers, what they emit goes out,
 * and when the stream ends the followers finish and `completion` resolves for the predictor.
 */
export class ListenedCall {
  readonly completion: Promise<Completion>;
  private text = '';
  private usage = noUsage();
  private resolve!: (completion: Completion) => void;
  private reject!: (error: unknown) => void;

  constructor(
    readonly parts: AsyncIterator<LMStreamPart>,
    private readonly followers: FieldFollower[],
    private readonly emit: (response: StreamResponse) => void,
  ) {
    this.completion = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Takes the next result of `parts`; returns whether the stream has ended. */
  take(result: IteratorResult<LMStreamPart>): boolean {
    if (result.done) {
      for (const follower of this.followers) {
        const response = follower.finish();
        if (response) this.emit(response);
      }
      this.resolve({ text: this.text, usage: this.usage });
      return true;
    }
    const part = result.value;
    if (part.type === 'usage') {
      this.usage = part.usage;
      return false;
    }
    this.text += part.text;
    for (const follower of this.followers) {
      const response = follower.receive(part.text);
      if (response) this.emit(response);
    }
    return false;
  }

  /** The stream failed: the predictor's call fails with the same error. */
  fail(error: unknown): void {
    this.reject(error);
  }

  /** Nobody will read on: closes the LM's stream, so it releases its connection and timers. */
  cancel(reason: unknown): void {
    this.reject(reason);
    this.parts.return?.().catch(() => {});
  }
}
