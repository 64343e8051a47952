/**
 * Asking a started Folio server questions as a person does (a chat each, the answer streamed to
 * its end) and reading back the answer it stored, for the answer evaluations.
 */
import { ask, createChat } from '../../tests/support/api';
import { readUIParts } from '../../tests/support/ui-stream';
import { json } from './server-run';

export interface StoredSource {
  n: number;
  documentName: string;
  pageStart: number;
  pageEnd: number;
  cited: boolean;
}

export interface StoredAnswer {
  content: string;
  status: string;
  sources: StoredSource[];
  metadata: { citations?: number[] };
}

/** Asks one question in a new chat over `documentIds` (all documents when empty). */
export async function askInNewChat(
  url: string,
  question: string,
  documentIds: string[] = [],
): Promise<StoredAnswer> {
  const chat = await createChat(url, { documentIds });
  const res = await ask(url, chat.id, question);
  if (!res.ok) throw new Error(`asking "${question}": HTTP ${res.status} ${await res.text()}`);
  await readUIParts(res);
  const stored = await json<{ messages: Array<StoredAnswer & { role: string }> }>(
    await fetch(`${url}/api/chats/${chat.id}`),
  );
  const answer = stored.messages.findLast((m) => m.role === 'assistant');
  if (!answer) throw new Error(`no answer stored for "${question}"`);
  return answer;
}

/** Runs `task` over `items` with at most `width` at a time, keeping the items' order. */
export async function inPool<T, R>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** The answer's prose: citation markers left out. */
export const withoutCitations = (answer: string) =>
  answer.replace(/\s*\[\d+(?:\s*,\s*\d+)*\]/g, '');

export const wordCount = (answer: string) =>
  withoutCitations(answer).split(/\s+/).filter(Boolean).length;

/**
 * SQuAD's answer normalisation: lower case, no punctuation or symbols, no articles, single
 * spaces. A gold answer is contained when its normalised words appear together in the answer's.
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function containsGold(answer: string, golds: readonly string[]): boolean {
  const said = ` ${normalizeAnswer(withoutCitations(answer))} `;
  return golds.some((gold) => {
    const g = normalizeAnswer(gold);
    return g !== '' && said.includes(` ${g} `);
  });
}

/** An answer that cites nothing is a refusal, whatever its words. */
export const isRefusal = (answer: StoredAnswer) => (answer.metadata.citations ?? []).length === 0;
