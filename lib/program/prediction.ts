import type { Usage } from './lm/lm';

/** The outputs of a module call, with what producing them cost and which LM produced them. */
export class Prediction {
  readonly type = 'prediction' as const;

  constructor(
    readonly outputs: Record<string, unknown>,
    readonly usage: Usage,
    readonly lm: { provider: string; model: string },
  ) {}
}
