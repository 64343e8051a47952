import { ChainOfThought, estimatePromptTokens, Module, Predict } from '@/lib/program';
import { fitToWindow } from './context-budget';
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
  /** What was cut from the answer's prompt to fit the model's window (a ContextCut). */
  contextCut: 'context-cut',
  answerPredictor: 'synthesize.predict',
} as const;

/** Passages as the model sees them: numbered from 1, in retrieval order. */
export function toPromptPassages(passages: Passage[]): PromptPassage[] {
  return passages.map((p, i) => ({
    n: i + 1,
    source: `${p.documentName}, ${pagesLabel(p)}`,
    text: p.text,
    score: p.score,
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
    const window = this.currentLM()?.contextWindow;
    const query =
      history.length > 0
        ? String(
            (
              await this.rewrite.call({
                history: this.fitHistory(window, question, history),
                question,
              })
            ).outputs.query,
          )
        : question;
    const found = await this.tool(ragSteps.retrieve, { query, documentIds }, () =>
      this.retriever.search(query, { k: passagesPerAnswer, documentIds }),
    );
    // Cut to the model's window before the passages are announced: the sources shown are the
    // passages the model read.
    const { predict } = this.synthesize;
    const fitted = window
      ? fitToWindow(
          window,
          (passages, turns) =>
            estimatePromptTokens(
              predict.adapter.format(predict.signature, {
                question,
                history: turns,
                passages: toPromptPassages(passages),
              }),
            ),
          found,
          history,
        )
      : { passages: found, history };
    if (fitted.cut) this.emit(ragSteps.contextCut, fitted.cut);
    this.emit(ragSteps.passages, fitted.passages);
    return this.synthesize.call({
      question,
      history: fitted.history,
      passages: toPromptPassages(fitted.passages),
    });
  }

  /** The history the rewrite step sees, cut to the window as the answer's is. */
  private fitHistory(window: number | undefined, question: string, history: Turn[]): Turn[] {
    if (!window) return history;
    const { adapter, signature } = this.rewrite;
    return fitToWindow(
      window,
      (_, turns) => estimatePromptTokens(adapter.format(signature, { history: turns, question })),
      [],
      history,
    ).history;
  }
}
