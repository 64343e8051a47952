import { ChainOfThought, Module, Predict } from '@/lib/program';
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

export function pagesLabel(p: { pageStart: number; pageEnd: number }): string {
  return p.pageStart === p.pageEnd ? `p. ${p.pageStart}` : `pp. ${p.pageStart}–${p.pageEnd}`;
}

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
    const passages = await this.tool('retrieve', { query, documentIds }, () =>
      this.retriever.search(query, { k: passagesPerAnswer, documentIds }),
    );
    this.emit('passages', passages);
    return this.synthesize.call({ question, history, passages: toPromptPassages(passages) });
  }
}
