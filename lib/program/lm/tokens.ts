import type { ChatMessage } from '../adapters/adapter';

/** What a chat message costs beside its text (role and separators), as servers count it. */
const perMessage = 4;
const wideScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * Tokens a text takes, estimated without the model's tokenizer and on the safe side: one per
 * three characters (tokenizers average about four on English prose, three on code and
 * numbers) and one per CJK character.
 */
export function estimateTokens(text: string): number {
  const wide = text.match(wideScript)?.length ?? 0;
  return Math.ceil((text.length - wide) / 3) + wide;
}

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + perMessage + estimateTokens(m.content), 0);
}
