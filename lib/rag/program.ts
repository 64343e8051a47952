import { ChainOfThought, Module, Predict } from '@/lib/program';
import { pagesLabel } from './pages';
import type { Passage, Retriever } from './retriever';
import { answerFromPassages, type PromptPassage, rewriteQuestion, type Turn } from './signatures';

export interface RagInputs {
  question: string;
  history: Turn[];
  /** Documents to search; empty means all. */
  documentIds: string[];
}

/** How many passages the answer is written from. */
export const passagesPerAnswer = 8;

/**
 * The names by which the program's steps are known outside it: the retrieval tool, the event
 * carrying the passages it found, and the path of the predictor that writes the answer (the
 * `predict` of `synthesize`, a ChainOfThought).
 */
export const ragSteps = {
  retrieve: 'retrieve',
  passages: 'passages',
  answerPredictor: 'synthesize.predict',
} as const;

/** Passages as the model sees them: numbered from 1, in retrieval order. */
export function toPromptPassages(passages: Passage[]): PromptPassage[] {
  return passages.map((p, i) => ({
    n: i + 1,
    source: `${p.documentName}, ${pagesLabel(p)}`,
    text: p.text,
  }));
}

/**
 * Retrieve, then synthesize. A follow-up question is first rewritten into a standalone query,
 * so "and its limitations?" searches for what "its" refers to.
 */
export class RagProgram extends Module<RagInputs> {
  rewrite = new Predict(rewriteQuestion);
  synthesize = new ChainOfThought(answerFromPassages);

  constructor(private readonly retriever: Retriever) {
    super();
  }

  async forward({ question, history, documentIds }: RagInputs) {
    const query =
      history.length > 0
        ? String((await this.rewrite.call({ history, question })).outputs.query)
        : question;
    const passages = await this.tool(ragSteps.retrieve, { query, documentIds }, () =>
      this.retriever.search(query, { k: passagesPerAnswer, documentIds }),
    );
    this.emit(ragSteps.passages, passages);
    return this.synthesize.call({ question, history, passages: toPromptPassages(passages) });
  }
}
