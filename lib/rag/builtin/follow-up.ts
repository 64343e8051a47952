import type { Turn } from '../signatures';
import { fold, unique, words } from './terms';

/** Words that lean on the conversation: "its limitations", "what about them", "and the cost?" */
const pronoun =
  /\b(it|its|it's|they|them|their|this|that|these|those|he|she|him|her|his|hers|there|such|same|former|latter)\b/i;
const goingOn = /^\s*(and|also|but|so|what about|how about)\b/i;

/**
 * What the conversation is about: the content words of the latest earlier questions, the most
 * recent first, without those the new question already has.
 */
export function conversationTopic(question: string, history: Turn[]): string[] {
  const asked = new Set(words(question).map(fold));
  const earlier = history
    .filter((turn) => turn.role === 'user')
    .reverse()
    .flatMap((turn) => words(turn.content));
  return unique(earlier.filter((word) => word.length > 2 && !asked.has(fold(word)))).slice(0, 6);
}

/** Whether the question needs the conversation to be understood. */
export function isFollowUp(question: string, history: Turn[]): boolean {
  if (!history.some((turn) => turn.role === 'user')) return false;
  // A pronoun leans on the conversation only in a short question: a long one has its subject.
  const content = words(question).length;
  return goingOn.test(question) || content <= 2 || (pronoun.test(question) && content <= 4);
}

/**
 * A follow-up question as a standalone search query: the question and what the conversation is
 * about ("and what about its limitations?" after "What is TraceMonkey?" searches for
 * "limitations TraceMonkey"). A question that stands on its own is searched as it is.
 */
export function standaloneQuery(question: string, history: Turn[]): string {
  if (!isFollowUp(question, history)) return question;
  const topic = conversationTopic(question, history);
  return topic.length > 0 ? `${question} ${topic.join(' ')}` : question;
}
