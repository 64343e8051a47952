import { type LMStreamPart, noUsage, type Usage } from '../lm/lm';
import type { Completion, LMCallObserver } from '../run';
import type { EventQueue } from './event-queue';
import type { FieldFollower } from './listener';
import type { StreamEvent } from './messages';

/**
 * An LM call that listeners follow. The predictor hands it the LM's stream and waits for the
 * completion; the queue reads the stream one part at a time as its consumer asks (or
 * `readAlone` reads it), each part's text goes to the followers, what they emit is queued, and
 * when the stream ends the followers finish and the completion resolves.
 */
export class ListenedCall implements LMCallObserver {
  /** The LM's stream, once `read` was called. */
  parts!: AsyncIterator<LMStreamPart>;
  private text = '';
  private usage: Usage = noUsage();
  private settled = false;
  private resolve!: (completion: Completion) => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly followers: readonly FieldFollower[],
    private readonly queue: EventQueue<StreamEvent>,
  ) {}

  read(parts: AsyncIterator<LMStreamPart>): Promise<Completion> {
    this.parts = parts;
    const completion = new Promise<Completion>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.queue.read(this);
    return completion;
  }

  /** Takes one result of `parts.next()`; returns whether the stream has ended. */
  take(result: IteratorResult<LMStreamPart>): boolean {
    if (this.settled) return true;
    if (result.done) {
      this.settled = true;
      for (const follower of this.followers) {
        const response = follower.finish();
        if (response) this.queue.push(response);
      }
      this.resolve({ text: this.text, usage: this.usage });
      return true;
    }
    const part = result.value;
    if (part.type === 'text') {
      this.text += part.text;
      for (const follower of this.followers) {
        const response = follower.receive(part.text);
        if (response) this.queue.push(response);
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
