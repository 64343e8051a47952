import { type Adapter, AdapterParseError, type LMParams, validateInputs } from './adapters/adapter';
import { ChatAdapter } from './adapters/chat';
import { JSONAdapter } from './adapters/json';
import type { LMRequest, LMStreamPart } from './lm/lm';
import { Module } from './module';
import { Prediction } from './prediction';
import { type RunContext, runContext } from './run';
import type { Signature } from './signature';

export interface PredictOptions {
  /** The first adapter to try (default: chat). */
  adapter?: Adapter;
  /** Used when the first adapter cannot parse the completion (default: JSON; null for none). */
  fallbackAdapter?: Adapter | null;
  params?: Pick<LMParams, 'temperature' | 'maxTokens'>;
}

/** One LM call for a signature: format the inputs, stream the completion, parse the outputs. */
export class Predict<I extends object = Record<string, unknown>> extends Module<I> {
  readonly adapter: Adapter;
  readonly fallbackAdapter: Adapter | null;
  readonly params: PredictOptions['params'];

  constructor(
    readonly signature: Signature,
    options: PredictOptions = {},
  ) {
    super();
    this.adapter = options.adapter ?? new ChatAdapter();
    this.fallbackAdapter =
      options.fallbackAdapter === undefined ? new JSONAdapter() : options.fallbackAdapter;
    this.params = options.params;
  }

  async forward(inputs: I): Promise<Prediction> {
    const context = runContext.getStore();
    if (!context)
      throw new Error('Predict.forward runs inside a call: use predict.call(inputs, { lm })');
    const values = validateInputs(this.signature, inputs as Record<string, unknown>);
    const predictName = context.paths.get(this) ?? 'self';
    try {
      return await this.attempt(context, predictName, this.adapter, values, 1);
    } catch (error) {
      if (!(error instanceof AdapterParseError) || !this.fallbackAdapter) throw error;
      return await this.attempt(context, predictName, this.fallbackAdapter, values, 2);
    }
  }

  private async attempt(
    context: RunContext,
    predictName: string,
    adapter: Adapter,
    inputs: Record<string, unknown>,
    attempt: number,
  ): Promise<Prediction> {
    const { lm, cache, signal, observer } = context;
    const request: LMRequest = {
      messages: adapter.format(this.signature, inputs),
      signature: this.signature,
      inputs,
      adapter,
      params: { ...this.params, ...adapter.params },
    };
    const hit = cache?.get(lm, request);
    const lmInfo = {
      predictName,
      provider: lm.provider,
      model: lm.model,
      cached: hit !== undefined,
    };
    observer.lmStart(lmInfo);
    const call = observer.lmCall({
      predictName,
      signature: this.signature,
      adapter,
      cached: hit !== undefined,
      attempt,
    });
    // A cached completion goes through the same observers as a streamed one, in one piece.
    const parts = hit ? replay(hit.text) : lm.stream(request, { signal })[Symbol.asyncIterator]();
    const { text, usage } = await call.read(parts);
    context.usage.promptTokens += usage.promptTokens;
    context.usage.completionTokens += usage.completionTokens;
    observer.lmEnd({ ...lmInfo, usage });
    const outputs = adapter.parse(this.signature, text);
    if (!hit) cache?.set(lm, request, { text, usage });
    return new Prediction(outputs, usage, { provider: lm.provider, model: lm.model });
  }
}

/** A cached completion as a stream of one part; a cache hit spent no tokens. */
async function* replay(text: string): AsyncGenerator<LMStreamPart> {
  yield { type: 'text', text };
}
