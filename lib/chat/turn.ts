import { randomUUID } from 'node:crypto';
import type { InferUIMessageChunk } from 'ai';
import { type Chat, isStorageError, type Message as StoredMessage, storage } from '@/db';
import type { Prediction } from '@/lib/program';
import { getRetriever } from '@/lib/rag/retriever';
import type { Turn } from '@/lib/rag/signatures';
import { ActiveAnswer, AnswerStopped, activeAnswerOf, registerAnswer } from './active-answers';
import { answerQuestion } from './answer';
import { keepCheckpointed } from './checkpoints';
import { markCited } from './citations';
import { getLM } from './lm';
import type { Message } from './message';
import type { AnswerMetadata, ChatUIMessage } from './types';
import { sourceDocumentPart } from './ui-messages';

export type ChatChunk = InferUIMessageChunk<ChatUIMessage>;

/** How many earlier messages of the chat the program sees. */
const historyLength = 6;

export class ChatBusy extends Error {
  constructor() {
    super('An answer is already being written in this chat: stop it or wait for it to finish.');
  }
}

export class NoSuchMessage extends Error {
  constructor() {
    super('There is no answer with that id in this chat to regenerate.');
  }
}

export type AnswerRequest = { question: string } | { regenerate: string };

function toHistory(messages: StoredMessage[]): Turn[] {
  return messages
    .filter((m) => m.content && (m.role === 'user' || m.status === 'complete'))
    .slice(-historyLength)
    .map((m) => ({ role: m.role, content: m.content }));
}

/**
 * Stores the question (or, to regenerate, drops the old answer to it) and the new answer as
 * `streaming`, and works out what the program sees: the question and the history before it.
 */
async function storeTurn(
  chat: Chat,
  request: AnswerRequest,
  answerId: string,
): Promise<{ question: string; history: Turn[] }> {
  const chatId = chat.id;
  const { messages: stored } = storage();
  const messages = await stored.list(chatId);
  if ('question' in request) {
    const question = { id: randomUUID(), content: request.question };
    await stored.begin({ chatId, answerId, question });
    return { question: request.question, history: toHistory(messages) };
  }
  const at = messages.findIndex((m) => m.id === request.regenerate && m.role === 'assistant');
  const asked = messages.slice(0, at).findLastIndex((m) => m.role === 'user');
  if (at < 0 || asked < 0) throw new NoSuchMessage();
  await stored.begin({ chatId, answerId, replacing: request.regenerate });
  return { question: messages[asked].content, history: toHistory(messages.slice(0, asked)) };
}

/**
 * Starts answering in a chat and returns the answer in progress. The question is stored before
 * anything else; the answer runs to its end whoever is reading, and is stored with its status,
 * metadata and sources in one transaction however it ends: complete, stopped or error.
 */
export async function startAnswer(chat: Chat, request: AnswerRequest): Promise<ActiveAnswer> {
  if (activeAnswerOf(chat.id)) throw new ChatBusy();
  const answerId = randomUUID();
  const active = new ActiveAnswer(answerId);
  // Registered before the question is stored, which may wait on the database, so that a
  // second question in this chat meanwhile is told the chat is busy.
  registerAnswer(chat.id, active);
  let turn: { question: string; history: Turn[] };
  try {
    // The chat is registered busy, so nothing else changes its messages meanwhile.
    turn = await storeTurn(chat, request, answerId);
  } catch (error) {
    active.end();
    throw error;
  }
  const { question, history } = turn;
  writeAnswer(chat, question, history, active).catch((error) =>
    // Only storing the outcome can fail here; the readers have already been ended.
    console.error(`Could not store answer ${answerId}:`, error),
  );
  return active;
}

async function writeAnswer(chat: Chat, question: string, history: Turn[], active: ActiveAnswer) {
  const write = (chunk: ChatChunk) => active.write(chunk);
  const lm = getLM();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const metadata: AnswerMetadata = { lm: { provider: lm.provider, model: lm.model } };
  let message: Message | undefined;
  let prediction: Prediction | undefined;
  let firstTokenMs: number | undefined;
  let retrievalMs: number | undefined;
  let textId = randomUUID();

  write({ type: 'start', messageId: active.messageId });
  const stopCheckpoints = keepCheckpointed(active.messageId, () => message?.partialText ?? '');
  const { documents, messages } = storage();
  try {
    message = await answerQuestion(
      { question, history, documentIds: chat.documentIds },
      {
        lm,
        retriever: getRetriever(),
        documentCount: await documents.countReady(chat.documentIds),
        signal: active.signal,
        onStatus: (status) =>
          write({ type: 'data-status', data: { message: status }, transient: true }),
        onPrediction: (p) => {
          prediction = p;
        },
      },
    );
    retrievalMs = elapsed();
    for (const s of message.sources) write(sourceDocumentPart(s));
    write({ type: 'data-sources', id: 'sources', data: message.sources });
    write({ type: 'text-start', id: textId });
    for await (const chunk of message) {
      if (chunk.restart) {
        // The model was asked again: close the void text and start a fresh part.
        write({ type: 'text-end', id: textId });
        textId = randomUUID();
        write({ type: 'text-start', id: textId });
      }
      if (!chunk.text) continue;
      firstTokenMs ??= elapsed();
      write({ type: 'text-delta', id: textId, delta: chunk.text });
    }
    write({ type: 'text-end', id: textId });
    const content = String(prediction?.outputs.answer ?? (await message.read()));
    const { citations, sources } = markCited(message.sources, content);
    Object.assign(metadata, {
      status: 'complete',
      citations,
      usage: prediction?.usage,
      timings: { retrievalMs, firstTokenMs, totalMs: elapsed() },
    } satisfies AnswerMetadata);
    await messages.finish(active.messageId, {
      content,
      status: 'complete',
      metadata: { ...metadata },
      sources,
    });
    write({ type: 'data-sources', id: 'sources', data: sources });
    write({ type: 'finish', messageMetadata: metadata });
  } catch (error) {
    const stopped = error instanceof AnswerStopped || active.signal.reason instanceof AnswerStopped;
    const content = message?.partialText ?? '';
    const { citations, sources } = markCited(message?.sources ?? [], content);
    Object.assign(metadata, {
      status: stopped ? 'stopped' : 'error',
      error: stopped ? undefined : describeFailure(error),
      citations,
      timings: { retrievalMs, firstTokenMs, totalMs: elapsed() },
    } satisfies AnswerMetadata);
    await messages.finish(active.messageId, {
      content,
      status: metadata.status!,
      metadata: { ...metadata },
      sources,
    });
    if (message) write({ type: 'data-sources', id: 'sources', data: sources });
    write({ type: 'text-end', id: textId });
    if (stopped) {
      write({ type: 'finish', messageMetadata: metadata });
    } else {
      write({ type: 'message-metadata', messageMetadata: metadata });
      write({ type: 'error', errorText: metadata.error! });
    }
  } finally {
    stopCheckpoints();
    active.end();
  }
}

/** A reason a person can act on, from whatever went wrong. */
function describeFailure(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return isStorageError(error)
    ? `Folio could not save the answer: ${reason}`
    : `The model failed: ${reason}`;
}
