import type { Usage } from './lm/lm';

/** The outputs of a module call, with what producing them cost and which LM produced them. */
export class Prediction {
  readonly type = 'prediction' as const;
  readonly outputs: Record<string, unknown>;
  /** For a program call: the sum over every LM call of the run. */
  readonly usage: Usage;
  readonly lm: { provider: string; model: string };

  constructor(
    outputs: Record<string, unknown>,
    usage: Usage,
    lm: { provider: string; model: string },
  ) {
    this.outputs = outputs;
    this.usage = usage;
    this.lm = lm;
  }
}
