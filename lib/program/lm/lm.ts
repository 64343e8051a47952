import type { Adapter, ChatMessage, LMParams } from '../adapters/adapter';
import type { Signature } from '../signature';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/**
 * One LM call. Besides the formatted messages it carries what they were made from, so an LM
 * that does not read prose (a ComputedLM) can answer the signature directly.
 */
export interface LMRequest {
  messages: ChatMessage[];
  signature: Signature;
  inputs: Record<string, unknown>;
  adapter: Adapter;
  params: LMParams;
}

export type LMStreamPart = { type: 'text'; text: string } | { type: 'usage'; usage: Usage };

export interface LM {
  readonly provider: string;
  readonly model: string;
  /** Tokens one request may take, prompt and completion together; unset when unbounded. */
  readonly contextWindow?: number;
  /** Streams the completion; aborting `signal` cancels the request and rejects with its reason. */
  stream(request: LMRequest, options?: { signal?: AbortSignal }): AsyncIterable<LMStreamPart>;
}

export const noUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0 });
