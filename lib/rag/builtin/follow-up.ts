import type { Turn } from '../signatures';
import { fold, unique, words } from './terms';

/** Words that lean on the conversation: "its limitations", "what about them", "and the cost?" */
const pronoun =
  /\b(it|its|it's|they|them|their|this|that|these|those|he|she|him|her|his|hers|there|such|same|former|latter)\b/i;
const goingOn = /^\s*(and|also|but|so|what about|how about)\b/i;

/**
 * What the conversation is about now: the content words of the latest earlier question that
 * has a subject of its own, without those the new question already has. A follow-up in between
 * ("and how fast is it?") adds its words and leans, as the new one does, on the question before
 * it; a subject asked about earlier than that is over ("What does the FAA estimate?", then "What
 * is TraceMonkey?": "its limitations" are TraceMonkey's).
 */
export function conversationTopic(question: string, history: Turn[]): string[] {
  const asked = new Set(words(question).map(fold));
  const questions = history.filter((turn) => turn.role === 'user').map((turn) => turn.content);
  const topic: string[] = [];
  for (let i = questions.length - 1; i >= 0; i--) {
    const own = words(questions[i]).filter((word) => word.length > 2 && !asked.has(fold(word)));
    topic.push(...own);
    if (own.length > 0 && !leansOnEarlier(questions[i])) break;
  }
  return unique(topic).slice(0, 6);
}

/** Whether the question needs the conversation to be understood. */
export function isFollowUp(question: string, history: Turn[]): boolean {
  return history.some((turn) => turn.role === 'user') && leansOnEarlier(question);
}

/** Whether a question reads as going on from an earlier one rather than standing alone. */
function leansOnEarlier(question: string): boolean {
  // A pronoun leans on the conversation only in a short question: a long one has its subject,
  // and so has a short one that names something ("What is TraceMonkey?").
  const content = words(question).length;
  const names = /\s\p{Lu}/u.test(question.trim());
  return (
    goingOn.test(question) || (!names && content <= 2) || (pronoun.test(question) && content <= 4)
  );
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
