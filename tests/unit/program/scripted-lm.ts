import type { LM, LMRequest, LMStreamPart } from '@/lib/program';

/**
 * An LM that streams completions given by the test, one per call, in the chunks given. It
 * records each request so a test can see what the program asked. `paced`: each chunk comes in
 * a turn of the event loop of its own, as chunks from a network do; otherwise they all come
 * at once.
 */
export class ScriptedLM implements LM {
  readonly provider = 'scripted';
  readonly model = 'scripted-1';
  readonly requests: LMRequest[] = [];

  constructor(
    private readonly replies: Array<string[] | ((request: LMRequest) => string[])>,
    private readonly options: { paced?: boolean } = {},
  ) {}

  async *stream(
    request: LMRequest,
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncGenerator<LMStreamPart> {
    this.requests.push(request);
    const reply = this.replies[Math.min(this.requests.length - 1, this.replies.length - 1)];
    const chunks = typeof reply === 'function' ? reply(request) : reply;
    for (const text of chunks) {
      if (this.options.paced) await new Promise(setImmediate);
      signal?.throwIfAborted();
      yield { type: 'text', text };
    }
    yield { type: 'usage', usage: { promptTokens: 10, completionTokens: chunks.length } };
  }
}

export async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const event of events) out.push(event);
  return out;
}
