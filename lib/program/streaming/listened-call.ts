import { type LMStreamPart, noUsage } from '../lm/lm';
import type { Completion, LMCallObserver } from '../run';
import type { EventQueue } from './event-queue';
import type { FieldFollower } from './listener';

/**
 * An LM call that listeners follow. It reads the LM's stream to the end as the predictor waits
 * for the completion; its followers read the text when the queue asks them to catch up (see
 * EventQueue), and what they emit is queued. When the stream ends they read the rest and finish.
 */
export class ListenedCall implements LMCallObserver {
  /** Text the followers have read. */
  private text = '';
  /** Text that arrived since they last read. */
  private unread = '';

  constructor(
    private readonly followers: readonly FieldFollower[],
    private readonly queue: EventQueue,
  ) {}

  async read(parts: AsyncIterator<LMStreamPart>): Promise<Completion> {
    let usage = noUsage();
    // A hand-written loop: `for await` adds work on every chunk that this does without.
    for (let result = await parts.next(); !result.done; result = await parts.next()) {
      const part = result.value;
      if (part.type === 'usage') usage = part.usage;
      else if (part.text.length > 0) {
        if (this.unread.length === 0) this.queue.textArrived(this);
        this.unread += part.text;
      }
    }
    this.catchUp();
    for (const follower of this.followers) {
      const response = follower.finish();
      if (response) this.queue.push(response);
    }
    return { text: this.text, usage };
  }

  /** The followers read the text that arrived since they last did. */
  catchUp(): void {
    const fresh = this.unread;
    if (fresh.length === 0) return;
    this.unread = '';
    this.text += fresh;
    for (const follower of this.followers) {
      const response = follower.receive(fresh);
      if (response) this.queue.enqueue(response);
    }
  }
}
