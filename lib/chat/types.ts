/** Shapes shared by the server and the browser. Type-only: safe to import from client code. */
import type { InferUIMessageChunk, UIMessage } from 'ai';
import type { MessageStatus, Source } from '@/db';

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
}

export type ChatUIMessage = UIMessage<
  AnswerMetadata,
  {
    status: { message: string };
    sources: Source[];
  }
>;

/** One part of an answer's UI message stream, as the server writes it and the browser reads it. */
export type ChatChunk = InferUIMessageChunk<ChatUIMessage>;
