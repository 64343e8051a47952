import { type LMStreamPart, noUsage, type Usage } from '../lm/lm';
import type { Completion } from '../run';
import type { FieldFollower } from './listener';
import type { StreamResponse } from './messages';

/**
 * An LM call that listeners follow, read one part at a time by whoever drives it (the stream's
 * consumer, see EventQueue, or `readAlone`): each part's text goes to the followers, what they
 * emit goes to `emit`, and when the stream ends the followers finish and `completion` resolves
 * for the predictor that made the call.
 */
export class ListenedCall {
  readonly completion: Promise<Completion>;
  private text = '';
  private usage: Usage = noUsage();
  private settled = false;
  private resolve!: (completion: Completion) => void;
  private reject!: (error: unknown) => void;

  constructor(
    readonly parts: AsyncIterator<LMStreamPart>,
    private readonly followers: readonly FieldFollower[],
    private readonly emit: (response: StreamResponse) => void,
  ) {
    this.completion = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Takes one result of `parts.next()`; returns whether the stream has ended. */
  take(result: IteratorResult<LMStreamPart>): boolean {
    if (this.settled) return true;
    if (result.done) {
      this.settled = true;
      for (const follower of this.followers) {
        const response = follower.finish();
        if (response) this.emit(response);
      }
      this.resolve({ text: this.text, usage: this.usage });
      return true;
    }
    const part = result.value;
    if (part.type === 'text') {
      this.text += part.text;
      for (const follower of this.followers) {
        const response = follower.receive(part.text);
        if (response) this.emit(response);
      }
    } else {
      this.usage = part.usage;
    }
    return false;
  }

  /** The LM's stream failed: the predictor's call fails with its error. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  /** Nobody will read on: the LM's stream is closed and the predictor's call fails. */
  cancel(reason: unknown): void {
    if (this.settled) return;
    this.fail(reason);
    void this.parts.return?.().catch(() => {});
  }
}

/** Reads a listened call to its end without waiting for any consumer. */
export async function readAlone(call: ListenedCall): Promise<void> {
  try {
    while (!call.take(await call.parts.next()));
  } catch (error) {
    call.fail(error);
  }
}
