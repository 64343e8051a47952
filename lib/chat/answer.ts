import { randomUUID } from 'node:crypto';
import {
  type LM,
  type Prediction,
  type StreamEvent,
  StreamListener,
  streamify,
} from '@/lib/program';
import type { ContextCut } from '@/lib/rag/context-budget';
import { type RagInputs, RagProgram, ragSteps } from '@/lib/rag/program';
import type { Passage, Retriever } from '@/lib/rag/retriever';
import { ragStatus } from '@/lib/rag/status';
import { type ContentChunk, Message } from './message';
import type { SourceView } from './types';

export interface AnswerOptions {
  lm: LM;
  retriever: Retriever;
  /** How many documents the question searches, for the status line. */
  documentCount: number;
  signal?: AbortSignal;
  onStatus?: (message: string) => void;
  /** Called when the prompt was cut to fit the model's window, with what was cut. */
  onContextCut?: (cut: ContextCut) => void;
  /** Called with the program's final Prediction, once the content has been drained. */
  onPrediction?: (prediction: Prediction) => void;
}

/** Passages as sources, numbered as the prompt numbers them; none cited yet. */
function toSourceViews(passages: Passage[]): SourceView[] {
  return passages.map((p, i) => ({
    n: i + 1,
    chunkId: p.chunkId,
    documentId: p.documentId,
    documentName: p.documentName,
    pageStart: p.pageStart,
    pageEnd: p.pageEnd,
    charStart: p.charStart,
    charEnd: p.charEnd,
    text: p.text,
    score: p.score,
    cited: false,
  }));
}

/**
 * One program per retriever, shared by every answer: a run keeps its state in its own context,
 * and building the program anew would describe its signatures to the model anew each time.
 */
const programs = new WeakMap<Retriever, RagProgram>();

function programFor(retriever: Retriever): RagProgram {
  let program = programs.get(retriever);
  if (!program) {
    program = new RagProgram(retriever);
    programs.set(retriever, program);
  }
  return program;
}

/**
 * Answers a question from the documents. Resolves once retrieval has ended, with a Message
 * whose sources are the passages found and whose content streams the answer field as the model
 * writes it; nothing else the model writes (reasoning, a rewritten query) reaches it.
 */
export async function answerQuestion(inputs: RagInputs, options: AnswerOptions): Promise<Message> {
  const run = streamify(programFor(options.retriever), {
    listeners: [new StreamListener({ predictName: ragSteps.answerPredictor, field: 'answer' })],
    status: ragStatus(options.documentCount),
    includeFinalPrediction: true,
  });
  const events = run(inputs, { lm: options.lm, signal: options.signal });

  let passages: Passage[] | undefined;
  while (!passages) {
    const { done, value } = await events.next();
    if (done) throw new Error('The program ended without retrieving passages.');
    if (value.type === 'status') options.onStatus?.(value.message);
    else if (value.type === 'event' && value.name === ragSteps.contextCut)
      options.onContextCut?.(value.data as ContextCut);
    else if (value.type === 'event' && value.name === ragSteps.passages)
      passages = value.data as Passage[];
  }

  async function* content(rest: AsyncIterator<StreamEvent>): AsyncGenerator<ContentChunk> {
    for (;;) {
      const { done, value } = await rest.next();
      if (done) return;
      if (value.type === 'status') options.onStatus?.(value.message);
      else if (value.type === 'stream') yield { text: value.chunk, restart: value.restart };
      else if (value.type === 'prediction') options.onPrediction?.(value);
    }
  }
  return new Message(randomUUID(), 'assistant', toSourceViews(passages), content(events));
}
