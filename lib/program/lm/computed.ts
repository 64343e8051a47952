import type { Signature } from '../signature';
import type { LM, LMRequest, LMStreamPart } from './lm';
import { sleep } from './sleep';

/** Works out a signature's output values from its inputs, without a model server. */
export type ComputeOutputs = (
  signature: Signature,
  inputs: Record<string, unknown>,
) => Record<string, unknown>;

export interface ComputedLMOptions {
  provider: string;
  model: string;
  compute: ComputeOutputs;
  /** Pause between tokens, so the completion reads as a stream as a real model's does. */
  delayMs?: number;
}

/**
 * An LM that does not read the prompt's prose: it computes the signature's outputs from the
 * request's inputs, writes them as the completion the request's adapter asks a model for, and
 * streams that in token-sized pieces. So it goes through the same parsing and listeners as a
 * real model.
 */
export class ComputedLM implements LM {
  readonly provider: string;
  readonly model: string;
  private readonly compute: ComputeOutputs;
  private readonly delayMs: number;

  constructor(options: ComputedLMOptions) {
    this.provider = options.provider;
    this.model = options.model;
    this.compute = options.compute;
    this.delayMs = options.delayMs ?? 0;
  }

  async *stream(
    request: LMRequest,
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncGenerator<LMStreamPart> {
    signal?.throwIfAborted();
    const outputs = this.compute(request.signature, request.inputs);
    const completion = request.adapter.formatCompletion(request.signature, outputs);
    const tokens = completion.match(/\s*\S{1,6}|\s+/gu) ?? [];
    for (const [i, text] of tokens.entries()) {
      if (i > 0 && this.delayMs > 0) await sleep(this.delayMs, signal);
      signal?.throwIfAborted();
      yield { type: 'text', text };
    }
    const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
    yield {
      type: 'usage',
      usage: { promptTokens: Math.ceil(promptChars / 4), completionTokens: tokens.length },
    };
  }
}
