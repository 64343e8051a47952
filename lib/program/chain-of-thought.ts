import { z } from 'zod';
import { Module } from './module';
import { Predict, type PredictOptions } from './predict';
import type { Prediction } from './prediction';
import type { Signature } from './signature';

/** Predict with a `reasoning` output written before the signature's own outputs. */
export class ChainOfThought<I extends object = Record<string, unknown>> extends Module<I> {
  readonly predict: Predict<I>;

  constructor(signature: Signature, options: PredictOptions = {}) {
    super();
    this.predict = new Predict<I>(
      signature.prependOutput('reasoning', {
        type: z.string(),
        description: 'Think step by step in order to produce the outputs.',
      }),
      options,
    );
  }

  forward(inputs: I): Promise<Prediction> {
    return this.predict.call(inputs);
  }
}
