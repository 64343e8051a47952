import { randomUUID } from 'node:crypto';
import type { Source } from '@/db';
import { type Chat, isStorageError, type Message as StoredMessage, storage } from '@/db';
import { InstanceStopping, instanceId, isStopping } from '@/lib/instance';
import type { Prediction } from '@/lib/program';
import { getRetriever } from '@/lib/rag/retriever';
import type { Turn } from '@/lib/rag/signatures';
import { ActiveAnswer, AnswerInterrupted, AnswerStopped, answersInFlight } from './active-answers';
import { answerQuestion } from './answer';
import { AnswerStream } from './answer-stream';
import { keepCheckpointed } from './checkpoints';
import { CitationNumbering } from './citations';
import { getLM } from './lm';
import { Timings } from './timings';
import type { AnswerMetadata } from './types';

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
    await stored.begin({ chatId, answerId, question, instanceId: instanceId() });
    return { question: request.question, history: toHistory(messages) };
  }
  const at = messages.findIndex((m) => m.id === request.regenerate && m.role === 'assistant');
  const asked = messages.slice(0, at).findLastIndex((m) => m.role === 'user');
  if (at < 0 || asked < 0) throw new NoSuchMessage();
  await stored.begin({
    chatId,
    answerId,
    replacing: request.regenerate,
    instanceId: instanceId(),
  });
  return { question: messages[asked].content, history: toHistory(messages.slice(0, asked)) };
}

/**
 * Starts answering in a chat and returns the answer in progress. The question is stored before
 * anything else; the answer runs to its end whoever is reading, and is stored with its status,
 * metadata and sources in one transaction however it ends: complete, stopped, error, or
 * interrupted by its instance stopping.
 */
export async function startAnswer(chat: Chat, request: AnswerRequest): Promise<ActiveAnswer> {
  // Its answer would be cut off: one reaching a stopping instance is better asked elsewhere.
  if (isStopping()) throw new InstanceStopping();
  const answerId = randomUUID();
  const active = new ActiveAnswer(answerId);
  // Registered before the question is stored, which may wait on the database, so that a
  // second question in this chat meanwhile, on any instance, is told the chat is busy.
  if (!(await answersInFlight().claim(chat.id, active))) throw new ChatBusy();
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
    // Only storing the outcome can fail here; the subscribers have already been ended.
    console.error(`Could not store answer ${answerId}:`, error),
  );
  return active;
}

/** How an answer ended: its text (renumbered) and, unless complete, why it ended early. */
type Outcome =
  | { status: 'complete'; content: string; usage?: AnswerMetadata['usage'] }
  | { status: 'stopped'; content: string }
  | { status: 'interrupted'; content: string; error: string }
  | { status: 'error'; content: string; error: string };

/**
 * Writes the answer: runs the program, streams its sources and text as they come (the
 * citations renumbered as they appear), and stores it however it ends.
 */
async function writeAnswer(chat: Chat, question: string, history: Turn[], active: ActiveAnswer) {
  const lm = getLM();
  const stream = new AnswerStream((chunk) => active.write(chunk), active.messageId);
  const timings = new Timings();
  let numbering: CitationNumbering<Source> | undefined;
  let prediction: Prediction | undefined;
  let context: AnswerMetadata['context'];
  const stopCheckpoints = keepCheckpointed(active.messageId, () => numbering?.text ?? '');
  let outcome: Outcome;
  try {
    const message = await answerQuestion(
      { question, history, documentIds: chat.documentIds },
      {
        lm,
        retriever: getRetriever(),
        documentCount: await storage().documents.countReady(chat.documentIds),
        signal: active.signal,
        onStatus: (status) => stream.status(status),
        onContextCut: (cut) => {
          context = cut;
        },
        onPrediction: (p) => {
          prediction = p;
        },
      },
    );
    timings.retrieved();
    numbering = new CitationNumbering(message.sources);
    stream.sources(numbering.sources());
    stream.beginText();
    for await (const chunk of message) {
      if (chunk.restart) {
        // The model was asked again: its text so far is void, and so are its citations.
        numbering = new CitationNumbering(message.sources);
        stream.sources(numbering.sources());
        stream.restartText();
      }
      if (chunk.text) timings.token();
      show(stream, numbering, numbering.push(chunk.text));
    }
    show(stream, numbering, numbering.end());
    outcome = { status: 'complete', content: numbering.text, usage: prediction?.usage };
  } catch (error) {
    if (numbering) show(stream, numbering, numbering.end());
    const content = numbering?.text ?? '';
    const { reason } = active.signal;
    if (error instanceof AnswerStopped || reason instanceof AnswerStopped) {
      outcome = { status: 'stopped', content };
    } else if (reason instanceof AnswerInterrupted) {
      outcome = { status: 'interrupted', content, error: reason.message };
    } else {
      outcome = { status: 'error', content, error: describeFailure(error) };
    }
  }
  const sources = numbering?.sources() ?? [];
  const metadata = {
    ...endMetadata(outcome, numbering?.citations() ?? [], lm, timings.all()),
    ...(context ? { context } : {}),
  };
  try {
    // Stored before the subscribers hear the end, so that a reload after it finds it stored. If
    // storing fails, the subscribers' streams end without a finish, and the log says why.
    await storage().messages.finish(active.messageId, {
      content: outcome.content,
      status: outcome.status,
      metadata: { ...metadata },
      sources,
    });
    // Each source as a part of its own too, once, now that its number is final.
    stream.sources(sources, { announce: true });
    if ('error' in outcome) stream.fail(metadata, outcome.error);
    else stream.finish(metadata);
  } finally {
    stopCheckpoints();
    active.end();
  }
}

/** Text to show, after the sources when a source just got its number. */
function show(
  stream: AnswerStream,
  numbering: CitationNumbering<Source>,
  { text, numbered }: { text: string; numbered: boolean },
) {
  if (numbered) stream.sources(numbering.sources());
  stream.text(text);
}

function endMetadata(
  outcome: Outcome,
  citations: number[],
  lm: { provider: string; model: string },
  timings: AnswerMetadata['timings'],
): AnswerMetadata {
  return {
    lm: { provider: lm.provider, model: lm.model },
    status: outcome.status,
    ...(outcome.status === 'error' ? { error: outcome.error } : {}),
    ...(outcome.status === 'complete' && outcome.usage ? { usage: outcome.usage } : {}),
    citations,
    timings,
  };
}

/** A reason a person can act on, from whatever went wrong. */
function describeFailure(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return isStorageError(error)
    ? `Folio could not save the answer: ${reason}`
    : `The model failed: ${reason}`;
}
