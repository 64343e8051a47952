import {
  type Adapter,
  ChatAdapter,
  type Signature,
  StreamListener,
  type StreamResponse,
} from '@/lib/program';

/**
 * Runs one listener over one completion cut into the given chunks, as streamify would for one
 * LM call, and records what it emitted and the most it held back after any chunk.
 */
export function follow(
  signature: Signature,
  field: string,
  chunks: string[],
  adapter: Adapter = new ChatAdapter(),
) {
  const follower = new StreamListener({ predictName: 'p', field }).open();
  follower.follow({ predictName: 'p', signature, adapter, cached: false, attempt: 1 });
  const responses: StreamResponse[] = [];
  const emittedAfterChunk: string[] = [];
  let maxHeld = 0;
  let emitted = '';
  for (const chunk of chunks) {
    const response = follower.receive(chunk);
    if (response) {
      responses.push(response);
      emitted += response.chunk;
    }
    emittedAfterChunk.push(emitted);
    maxHeld = Math.max(maxHeld, follower.heldBack);
  }
  const last = follower.finish();
  if (last) responses.push(last);
  return {
    responses,
    text: responses.map((r) => r.chunk).join(''),
    emittedAfterChunk,
    maxHeld,
  };
}
