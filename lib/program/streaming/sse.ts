import type { StreamEvent } from './messages';

/**
 * Serializes any event stream as server-sent events, for callers outside the AI SDK: each event
 * as `event: <type>` with its JSON, a failure as `event: error` with its message, and the end as
 * `event: done`. Cancelling the ReadableStream (the client went away) stops the iteration, which
 * for a streamified program aborts its LM request.
 */
export function toServerSentEvents(events: AsyncIterable<StreamEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = events[Symbol.asyncIterator]();
  const frame = (type: string, data: unknown) =>
    encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(frame('done', {}));
          controller.close();
        } else {
          controller.enqueue(frame(next.value.type, next.value));
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        controller.enqueue(frame('error', { message }));
        controller.close();
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
