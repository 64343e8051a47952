/** Shapes shared by the server and the browser. Type-only: safe to import from client code. */
import type { InferUIMessageChunk, UIMessage } from 'ai';
import type { MessageStatus } from '@/db/schema';

/** A passage an answer was written from, numbered as the answer cites it. */
export interface SourceView {
  n: number;
  chunkId: number | null;
  documentId: string;
  documentName: string;
  pageStart: number;
  pageEnd: number;
  /** Where the passage lies in the document's extracted text (GET /api/documents/:id/text). */
  charStart: number | null;
  charEnd: number | null;
  text: string;
  score: number;
  cited: boolean;
}

export interface AnswerMetadata {
  status?: MessageStatus;
  lm?: { provider: string; model: string };
  /** Why the answer ended badly, when it did. */
  error?: string;
  timings?: { retrievalMs?: number; firstTokenMs?: number; totalMs: number };
  usage?: { promptTokens: number; completionTokens: number };
  /** What was left out of the prompt to fit the model's window, when anything was. */
  context?: {
    windowTokens: number;
    passagesCut: number;
    historyTurnsCut: number;
    passageShortened: boolean;
  };
  /** The source numbers the answer cites that exist; made-up numbers are dropped. */
  citations?: number[];
  createdAt?: number;
}

export type ChatUIMessage = UIMessage<
  AnswerMetadata,
  {
    status: { message: string };
    sources: SourceView[];
  }
>;

/** One part of an answer's UI message stream, as the server writes it and the browser reads it. */
export type ChatChunk = InferUIMessageChunk<ChatUIMessage>;
