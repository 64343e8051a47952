import { ComputedLM } from '@/lib/program';

const words = (text: string) =>
  new Set((text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length > 2));

/**
 * A computed LM for the program's tests, as simple as can be: an answer quotes the passage
 * sentence that shares the most words with the question, cited [n]; a query is the question
 * with the longer words of the last turn added.
 */
export function quotingLM(delayMs = 0): ComputedLM {
  return new ComputedLM({
    provider: 'quoting',
    model: 'quoting-1',
    delayMs,
    compute: (signature, inputs) => {
      const question = String(inputs.question ?? '');
      const outputs: Record<string, unknown> = {};
      if (signature.outputNames.includes('query')) {
        const history = (inputs.history ?? []) as Array<{ content: string }>;
        const asked = words(question);
        const added = [...words(history.at(-1)?.content ?? '')].filter(
          (w) => w.length > 3 && !asked.has(w),
        );
        outputs.query = [question, ...added].join(' ');
      }
      if (signature.outputNames.includes('answer')) {
        const passages = (inputs.passages ?? []) as Array<{ n: number; text: string }>;
        const asked = words(question);
        const best = passages
          .flatMap((p) => p.text.split(/(?<=\.)\s+/).map((text) => ({ n: p.n, text })))
          .map((s) => ({ ...s, shared: [...words(s.text)].filter((w) => asked.has(w)).length }))
          .sort((a, b) => b.shared - a.shared)[0];
        const found = best && best.shared > 0;
        outputs.answer = found
          ? `${best.text.replace(/\.$/, '')} [${best.n}].`
          : 'The passages do not say.';
        outputs.reasoning = found ? `I quote passage [${best.n}].` : 'Nothing matches.';
      }
      return outputs;
    },
  });
}
