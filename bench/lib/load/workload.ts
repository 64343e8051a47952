/**
 * bench:load's workload, shared by its processes: what each chat asks, what the stub answers
 * (300 tokens, one per chunk, 20 ms apart) and how a token names its chat and place.
 */
import type { StubReply } from '../../../tests/support/openai-stub';

export const CHATS = 100;
export const TOKENS = 300;
export const TOKEN_DELAY_MS = 20;

/** Each token carries its chat and sequence number, so the client can look up when it left. */
export const token = (chat: number, seq: number) => `c${chat}t${seq},`;
export const TOKEN = /c(\d+)t(\d+),/g;
export const answerOf = (chat: number) =>
  Array.from({ length: TOKENS }, (_, seq) => token(chat, seq)).join(' ');

export const questionOf = (chat: number) => `Load question ${chat}: who kept the lighthouse?`;
const QUESTION = /Load question (\d+)/;

/** The completion in the chat adapter's format, one answer token per chunk. */
export function replyTo(body: Record<string, unknown>): StubReply {
  const chat = QUESTION.exec(JSON.stringify(body.messages ?? ''))?.[1];
  if (chat === undefined) return { text: 'unexpected request', status: 500 };
  const chunks = [
    '[[ ## reasoning ## ]]\n',
    'The handbook names the keeper.',
    '\n\n[[ ## answer ## ]]\n',
    ...Array.from(
      { length: TOKENS },
      (_, seq) => (seq === 0 ? '' : ' ') + token(Number(chat), seq),
    ),
    '\n\n[[ ## completed ## ]]',
  ];
  return { text: chunks.join(''), chunks, delayMs: TOKEN_DELAY_MS };
}

/**
 * Milliseconds on the system's monotonic clock (CLOCK_MONOTONIC), which every process on the
 * machine shares: the stub's process stamps a token's emission, the clients' process its
 * arrival, and the two subtract.
 */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
