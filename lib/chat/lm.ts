import { getConfig } from '@/lib/config';
import { type LM, OpenAILM } from '@/lib/program';
import { builtinLM } from '@/lib/rag/builtin/lm';

/** Pace of the built-in model, so its answers read as a stream like a real model's. */
const builtinDelayMs = 8;

let cached: LM | undefined;

/** The model that answers: the configured OpenAI-compatible server, else the built-in one. */
export function getLM(): LM {
  if (!cached) {
    const { openai } = getConfig();
    cached = openai
      ? new OpenAILM({
          apiKey: openai.apiKey,
          baseURL: openai.baseURL,
          model: openai.chatModel,
          timeoutMs: openai.timeoutMs,
          contextWindow: openai.contextTokens,
        })
      : builtinLM({ delayMs: builtinDelayMs });
  }
  return cached;
}
