import { randomUUID } from 'node:crypto';
import { createUIMessageStream } from 'ai';
import {
  type ChatSummary,
  countReadyDocuments,
  finishMessage,
  insertMessage,
  listMessages,
} from '@/db/queries';
import { StreamListener, streamify } from '@/lib/program';
import { pagesLabel, RagProgram } from '@/lib/rag/program';
import { lexicalRetriever, type Passage } from '@/lib/rag/retriever';
import type { Turn } from '@/lib/rag/signatures';
import { ragStatus } from '@/lib/rag/status';
import { citedNumbers } from './citations';
import { getLM } from './lm';
import type { AnswerMetadata, ChatUIMessage, SourceView } from './types';

/** How many earlier messages of the chat the program sees. */
const historyLength = 6;

const answerListener = () =>
  new StreamListener({ predictName: 'synthesize.predict', field: 'answer' });

function sourceViews(passages: Passage[], cited: number[]): SourceView[] {
  return passages.map((p, i) => ({
    n: i + 1,
    chunkId: p.chunkId,
    documentId: p.documentId,
    documentName: p.documentName,
    pageStart: p.pageStart,
    pageEnd: p.pageEnd,
    text: p.text,
    score: p.score,
    cited: cited.includes(i + 1),
  }));
}

function historyOf(chatId: string): Turn[] {
  return listMessages(chatId)
    .filter((m) => m.content && (m.role === 'user' || m.status === 'complete'))
    .slice(-historyLength)
    .map((m) => ({ role: m.role, content: m.content }));
}

/**
 * Answers one question in a chat as an AI SDK UI message stream. The question is stored before
 * anything else; the answer is stored with its sources in one transaction when it ends.
 */
export function streamAnswer(chat: ChatSummary, question: string): ReadableStream {
  const history = historyOf(chat.id);
  insertMessage({
    id: randomUUID(),
    chatId: chat.id,
    role: 'user',
    content: question,
    status: 'complete',
  });
  const answerId = randomUUID();
  insertMessage({
    id: answerId,
    chatId: chat.id,
    role: 'assistant',
    content: '',
    status: 'streaming',
  });

  const lm = getLM();
  const run = streamify(new RagProgram(lexicalRetriever), {
    listeners: [answerListener()],
    status: ragStatus(countReadyDocuments(chat.documentIds)),
    includeFinalPrediction: true,
  });

  return createUIMessageStream<ChatUIMessage>({
    execute: async ({ writer }) => {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const metadata: AnswerMetadata = { lm: { provider: lm.provider, model: lm.model } };
      let passages: Passage[] = [];
      let streamed = '';
      writer.write({ type: 'start', messageId: answerId });
      writer.write({ type: 'text-start', id: answerId });
      try {
        let answer: string | undefined;
        for await (const event of run(
          { question, history, documentIds: chat.documentIds },
          { lm },
        )) {
          if (event.type === 'status') {
            writer.write({
              type: 'data-status',
              data: { message: event.message },
              transient: true,
            });
          } else if (event.type === 'event' && event.name === 'passages') {
            passages = event.data as Passage[];
            metadata.timings = { retrievalMs: elapsed(), totalMs: 0 };
            for (const [i, p] of passages.entries()) {
              writer.write({
                type: 'source-document',
                sourceId: String(i + 1),
                mediaType: 'text/plain',
                title: `${p.documentName}, ${pagesLabel(p)}`,
                filename: p.documentName,
              });
            }
            writer.write({ type: 'data-sources', id: 'sources', data: sourceViews(passages, []) });
          } else if (event.type === 'stream') {
            if (!streamed && metadata.timings) metadata.timings.firstTokenMs = elapsed();
            streamed += event.chunk;
            if (event.chunk) writer.write({ type: 'text-delta', id: answerId, delta: event.chunk });
          } else if (event.type === 'prediction') {
            answer = String(event.outputs.answer ?? '');
            metadata.usage = event.usage;
          }
        }
        const content = answer ?? streamed;
        const sources = sourceViews(passages, citedNumbers(content, passages.length));
        Object.assign(metadata, {
          status: 'complete',
          timings: { ...metadata.timings, totalMs: elapsed() },
        } satisfies AnswerMetadata);
        finishMessage(answerId, {
          content,
          status: 'complete',
          metadata: { ...metadata },
          sources,
        });
        writer.write({ type: 'data-sources', id: 'sources', data: sources });
        writer.write({ type: 'text-end', id: answerId });
        writer.write({ type: 'finish', messageMetadata: metadata });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        Object.assign(metadata, {
          status: 'error',
          error: reason,
          timings: { ...metadata.timings, totalMs: elapsed() },
        } satisfies AnswerMetadata);
        finishMessage(answerId, {
          content: streamed,
          status: 'error',
          metadata: { ...metadata },
          sources: sourceViews(passages, citedNumbers(streamed, passages.length)),
        });
        writer.write({ type: 'error', errorText: reason });
      }
    },
  });
}
