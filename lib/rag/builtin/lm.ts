import { ComputedLM, type Signature } from '@/lib/program';
import { answerFromPassages, type PromptPassage, rewriteQuestion, type Turn } from '../signatures';
import { composeAnswer } from './answer';
import { standaloneQuery } from './follow-up';

/**
 * Folio's built-in model, for when no model server is configured: an LM behind the same
 * interface as a real one, which answers the RAG program's two signatures directly (the rewrite
 * of a follow-up question, and the answer from the passages) and streams its completion through
 * the same adapter and listener.
 */
export function builtinLM(options: { delayMs?: number } = {}): ComputedLM {
  return new ComputedLM({
    provider: 'extractive',
    model: 'folio-extractive-2',
    delayMs: options.delayMs,
    compute: (signature, inputs) => compute(signature, inputs),
  });
}

function compute(signature: Signature, inputs: Record<string, unknown>): Record<string, unknown> {
  // The adapter validated the inputs against the signature, so their types hold.
  const question = inputs.question as string;
  const history = inputs.history as Turn[];
  // Known by their instructions, which a derived signature (ChainOfThought's) keeps.
  if (signature.instructions === rewriteQuestion.instructions) {
    return { query: standaloneQuery(question, history) };
  }
  if (signature.instructions === answerFromPassages.instructions) {
    return { ...composeAnswer(question, history, inputs.passages as PromptPassage[]) };
  }
  return Object.fromEntries(
    signature.outputNames.map((name) => [name, `The built-in model cannot produce "${name}".`]),
  );
}
