import type { Turn } from '../signatures';
import { type AnswerKind, answerKind, holdsKind } from './cues';
import { conversationTopic, isFollowUp } from './follow-up';
import { guessLanguage } from './language';
import { passageUnits, type Unit } from './sentences';
import { fold, paraphrases, terms, unique, words } from './terms';

/** What the built-in answerer says when no passage answers: the same words every time. */
export const noAnswer = 'The documents do not contain an answer to this question.';
/** …and when nothing matched, or what matched is in another language than the question. */
export const noMatch =
  'No passage matched the question. The documents may be in another language than the question: ask in theirs to search them.';

/**
 * How much of the question's term weight one sentence must hold to answer it. Below, the
 * passages share words with the question but say nothing to it. Set where few answerable
 * questions are refused: eval:answers shows that a higher bar refuses more of the unanswerable
 * questions only by refusing answerable ones as often.
 */
const minCoverage = 0.25;
/** A second sentence is quoted only when it scores a fair share of the first's… */
const secondShare = 0.3;
/** …and the answer stays short. */
const maxWords = 70;
/** Each rank down the retrieved passages costs a sentence this share of its score. */
const rankCost = 0.08;
/** What a pair of the question's words side by side in a sentence adds, by their weight. */
const pairBonus = 0.3;
/** Weight of the conversation's topic words in a follow-up, beside the question's own. */
const topicWeight = 0.5;

interface Scored {
  unit: Unit;
  score: number;
  coverage: number;
  kind: boolean;
}

export interface BuiltinAnswer {
  reasoning: string;
  answer: string;
}

/**
 * The built-in answerer: the sentences of the passages that answer the question, best first,
 * each cited [n]. A sentence answers when it holds most of what the question asks about (its
 * rarer words weigh more), of the kind of text the question asks for (a name, a date, a
 * number), near the top of the search. It refuses, always in the same words, when no sentence
 * does.
 */
export function composeAnswer(
  question: string,
  history: Turn[],
  passages: Array<{ n: number; text: string }>,
): BuiltinAnswer {
  if (passages.length === 0) return { reasoning: 'No passage was found.', answer: noMatch };
  const questionLanguage = guessLanguage(question);
  const passageLanguage = guessLanguage(passages.map((p) => p.text).join(' '), 5);
  if (questionLanguage && passageLanguage && questionLanguage !== passageLanguage) {
    // Whatever matched is a name or a number: the passages do not speak the question's language.
    return {
      reasoning: `The question seems to be in another language (${questionLanguage}) than the passages (${passageLanguage}).`,
      answer: noMatch,
    };
  }
  const units = passages.flatMap((passage, rank) => passageUnits(passage, rank));
  const topic = isFollowUp(question, history) ? conversationTopic(question, history) : [];
  const scored = score(question, topic, units);
  const answering = scored.filter((s) => s.coverage >= minCoverage && s.unit.kind !== 'code');
  if (answering.length === 0) {
    return {
      reasoning: 'No sentence of the passages holds what the question asks.',
      answer: noAnswer,
    };
  }
  // When some answer the kind asked for (a number for "how many"), only those are quoted.
  const ofKind = answering.filter((s) => s.kind);
  const chosen = choose(ofKind.length > 0 ? ofKind : answering);
  const cited = unique(chosen.map((s) => `[${s.unit.n}]`));
  const which = cited.length === 1 ? `passage ${cited[0]}` : `passages ${cited.join(', ')}`;
  return {
    reasoning: `I quote the sentences of ${which} that hold most of what the question asks.`,
    answer: chosen
      .map((s) => cite(s.unit))
      .join(chosen.some((s) => s.unit.kind === 'row') ? '\n\n' : ' '),
  };
}

/**
 * BM25 with sentences as documents, plus the question's word pairs found side by side, weighed
 * by coverage, answer kind and search rank.
 */
function score(question: string, topic: string[], units: Unit[]): Scored[] {
  const query = new Map<string, number>();
  for (const term of terms(question)) query.set(term, 1);
  // A paraphrase may stand in for the word: it counts as it, where the word is not found.
  const stand = new Map<string, string>();
  for (const term of [...query.keys()]) {
    for (const other of paraphrases.get(term) ?? []) if (!query.has(other)) stand.set(other, term);
  }
  for (const term of topic.map(fold)) if (!query.has(term)) query.set(term, topicWeight);
  if (query.size === 0 || units.length === 0) return [];
  const unitTerms = units.map((unit) => terms(unit.text));
  const frequency = new Map<string, number>();
  for (const list of unitTerms) {
    for (const term of new Set(list)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const count = units.length;
  // A word no passage has weighs as a word only one has: the passages may say it otherwise.
  const idf = (term: string) => {
    const df = Math.max(1, frequency.get(term) ?? 0);
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };
  let queryWeight = 0;
  for (const [term, weight] of query) queryWeight += weight * idf(term);
  const averageLength = unitTerms.reduce((sum, list) => sum + list.length, 0) / count;
  const kind = answerKind(question);
  const questionTerms = terms(question);
  const pairSet = new Set(questionTerms.slice(1).map((t, i) => `${questionTerms[i]} ${t}`));
  const asked = new Set(words(question));
  return units.map((unit, i) => {
    const list = unitTerms[i];
    let value = 0;
    let matched = 0;
    for (const [term, weight] of query) {
      const tf = list.filter((t) => t === term || stand.get(t) === term).length;
      if (tf === 0) continue;
      matched += weight * idf(term);
      const norm = 1.2 * (0.25 + (0.75 * list.length) / averageLength);
      value += (weight * idf(term) * tf * 2.2) / (tf + norm);
    }
    const hasKind = kind !== undefined && holdsKind(unit.text, kind, asked, question);
    const coverage = queryWeight > 0 ? matched / queryWeight : 0;
    let pairs = 0;
    for (let j = 1; j < list.length; j++) {
      if (pairSet.has(`${list[j - 1]} ${list[j]}`)) pairs += idf(list[j - 1]) + idf(list[j]);
    }
    return {
      unit,
      coverage,
      kind: hasKind,
      score:
        (value + pairBonus * pairs) *
        coverage *
        kindFactor(kind, hasKind) *
        (1 - rankCost * unit.rank),
    };
  });
}

function kindFactor(kind: AnswerKind | undefined, holds: boolean): number {
  if (kind === undefined) return 1;
  return holds ? 1.3 : 0.6;
}

/** The best sentence, and a second when it scores nearly as well and the answer stays short. */
function choose(answering: Scored[]): Scored[] {
  const ranked = [...answering].sort((a, b) => b.score - a.score);
  const [best, ...rest] = ranked;
  const chosen = [best];
  let length = wordsIn(best.unit.text);
  for (const next of rest) {
    if (next.score < best.score * secondShare) break;
    if (next.unit.text === best.unit.text) continue;
    if (length + wordsIn(next.unit.text) > maxWords) continue;
    chosen.push(next);
    length += wordsIn(next.unit.text);
    break;
  }
  return chosen;
}

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** "Paris is the capital." → "Paris is the capital [1]."; a table row keeps its own line. */
function cite(unit: Unit): string {
  if (unit.kind === 'row') return `${unit.text.replace(/[\s.]+$/, '')} [${unit.n}]`;
  const match = /^(.*?)([.!?]*)$/su.exec(unit.text);
  const body = match?.[1] ?? unit.text;
  const end = match?.[2] || '.';
  return `${body} [${unit.n}]${end}`;
}
