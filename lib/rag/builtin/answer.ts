import type { Turn } from '../signatures';
import { type Evidence, type Question, readQuestion, weighEvidence } from './evidence';
import { conversationTopic, isFollowUp } from './follow-up';
import { guessLanguage } from './language';
import { endingAbbreviation, mendCutSentences, passageUnits, type Unit } from './sentences';
import { unique } from './terms';

/** What the built-in answerer says when no passage answers: the same words every time. */
export const noAnswer = 'The documents do not contain an answer to this question.';
/** …and when nothing matched, or what matched is in another language than the question. */
export const noMatch =
  'No passage matched the question. The documents may be in another language than the question: ask in theirs to search them.';

/**
 * How much each kind of evidence counts toward a sentence's score (a sum). Fitted on the
 * tuning split of bench/answer-splits.md by `npx tsx bench/fit-answerer.ts`, a listwise
 * logistic regression that asks the sentence holding the gold answer to score highest.
 */
export const evidenceWeights: Record<keyof Evidence, number> = {
  coverage: 4.2,
  before: 1.3,
  passage: -0.7,
  nearness: 2.9,
  cluster: 3.1,
  pairs: 1.1,
  kind: 0.9,
  searchScore: 7,
};

/**
 * When some sentence answers: it holds at least this share of the question's weight (its
 * focus)…
 */
const minCoverage = 0.2;
/**
 * …and its evidence scores at least this much: enough of the question near a candidate answer
 * of the kind asked for, in a passage search ranked well. Set on the tuning split: the highest
 * at which at most 2% of SQuAD's and 5% of ClapNQ's answerable questions are refused.
 */
const minScore = 8.1;
/**
 * After the best sentence, a further one is quoted when its chance of holding the answer (a
 * softmax of the scores) per word it adds is at least this: the answer grows only by sentences
 * worth their length. Set on the tuning split for answers of about 45 words on average.
 */
const minChancePerWord = 0.0035;
/** At most this many sentences… */
const maxSentences = 3;
/** …and this many words. */
const maxWords = 90;

export interface BuiltinAnswer {
  reasoning: string;
  answer: string;
}

interface Ranked {
  unit: Unit;
  evidence: Evidence;
  /** The unit's place among all its passages' units, in reading order. */
  at: number;
  score: number;
}

/**
 * The built-in answerer: the sentences of the passages that answer the question, best first,
 * each cited [n]. A sentence answers when it holds enough of what the question asks about (its
 * rarer words weigh more), has a candidate answer of the kind the question asks for (a name, a
 * date, a number) near the question's words, and comes from a passage search ranked well. It
 * quotes one sentence when that one is clearly best and up to three when several are close. It
 * refuses, always in the same words, when no sentence answers.
 */
export function composeAnswer(
  question: string,
  history: Turn[],
  passages: Array<{ n: number; text: string; score?: number }>,
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
  const topic = isFollowUp(question, history) ? conversationTopic(question, history) : [];
  const asked = readQuestion(question, topic);
  const ranked = rank(asked, passages);
  const answers = (r: Ranked) => r.evidence.coverage >= minCoverage && r.score >= minScore;
  // "What is X?": a sentence that says what X is comes first when one answers, whatever else
  // scores higher for holding X too.
  const first = (r: Ranked) => answers(r) && (asked.kind !== 'definition' || r.evidence.kind > 0);
  if (!ranked.some(answers)) {
    return {
      reasoning: 'No sentence of the passages holds what the question asks.',
      answer: noAnswer,
    };
  }
  const chosen = inReadingOrder(choose(ranked, answers, first));
  const cited = unique(chosen.map((r) => `[${r.unit.n}]`));
  const which = cited.length === 1 ? `passage ${cited[0]}` : `passages ${cited.join(', ')}`;
  return {
    reasoning: `I quote the sentences of ${which} that hold most of what the question asks.`,
    answer: chosen
      .map((r) => cite(r.unit))
      .join(chosen.some((r) => r.unit.kind === 'row') ? '\n\n' : ' '),
  };
}

/**
 * The quotable units of the passages (sentences and table rows), with their evidence and their
 * place among all the units.
 */
export function quotableEvidence(
  question: Question,
  passages: Array<{ n: number; text: string; score?: number }>,
): Array<{ unit: Unit; evidence: Evidence; at: number }> {
  const units = mendCutSentences(passages.flatMap((passage, rank) => passageUnits(passage, rank)));
  // Without search scores (a caller that has none), the passages count alike.
  const scores = passages.map((p) => p.score ?? 1);
  const evidence = weighEvidence(question, units, scores);
  return units
    .map((unit, i) => ({ unit, evidence: evidence[i], at: i }))
    .filter((u) => u.unit.kind === 'sentence' || u.unit.kind === 'row');
}

/** The quotable units, best first, each sentence once (passages overlap). */
function rank(
  question: Question,
  passages: Array<{ n: number; text: string; score?: number }>,
): Ranked[] {
  const ranked = quotableEvidence(question, passages)
    .map((u) => ({ ...u, score: scoreOf(u.evidence) }))
    .sort((a, b) => b.score - a.score);
  const seen = new Set<string>();
  return ranked.filter((r) => !seen.has(r.unit.text) && seen.add(r.unit.text));
}

/** A sentence's score: its evidence, weighed. */
export function scoreOf(evidence: Evidence): number {
  let score = 0;
  for (const [name, weight] of Object.entries(evidenceWeights)) {
    score += weight * evidence[name as keyof Evidence];
  }
  return score;
}

/**
 * The best sentence that answers (the best that comes `first`, if any), then the next best while
 * each is likely enough to hold the answer for the words it adds.
 */
function choose(
  ranked: Ranked[],
  answers: (r: Ranked) => boolean,
  first: (r: Ranked) => boolean,
): Ranked[] {
  const top = ranked[0].score;
  const odds = ranked.map((r) => Math.exp(r.score - top));
  const total = odds.reduce((sum, o) => sum + o, 0);
  const preferred = ranked.findIndex(first);
  const best = preferred >= 0 ? preferred : ranked.findIndex(answers);
  const chosen = [ranked[best]];
  let length = wordsIn(ranked[best].unit.text);
  for (const [i, next] of ranked.entries()) {
    if (i === best || chosen.length === maxSentences) continue;
    const words = wordsIn(next.unit.text);
    // A further sentence must at least have an answer of the kind asked for.
    if (next.evidence.kind < 0) continue;
    if (odds[i] / total / words < minChancePerWord || length + words > maxWords) continue;
    chosen.push(next);
    length += words;
  }
  return chosen;
}

/**
 * A sentence that cannot be read alone: it begins by pointing back ("It was later called…",
 * "These words…", "However, …") or in the middle of a sentence (lower case, a number).
 */
const pointsBack = (text: string) =>
  /^(?:it|its|this|these|that|those|they|their|them|he|his|she|her|such|however|but|thus|therefore|hence|so|also|yet|then|both|another|instead|moreover|furthermore|nevertheless|similarly|likewise|consequently|still|by contrast|in contrast|in addition|as a result|for this)\b/i.test(
    text,
  ) || /^[\p{Ll}\p{N}]/u.test(text);

/**
 * The chosen sentences best first, except that sentences next to each other in one passage are
 * quoted in the passage's order, where the best one stands, when one of them points back to the
 * one before: "It was later called the first oil shock" after the crisis "it" is, "However, …"
 * after what it answers. Otherwise the answer comes first.
 */
function inReadingOrder(chosen: Ranked[]): Ranked[] {
  const runs: Ranked[][] = [];
  for (const r of chosen) {
    const run = runs.find((members) =>
      members.some((m) => m.unit.n === r.unit.n && Math.abs(m.at - r.at) === 1),
    );
    if (run) run.push(r);
    else runs.push([r]);
  }
  const read = runs
    .map((run) => run.toSorted((a, b) => a.at - b.at))
    .filter((run) => run.slice(1).some((r) => pointsBack(r.unit.text)));
  return chosen.flatMap((r) => {
    const run = read.find((members) => members.includes(r));
    if (!run) return [r];
    // The run stands where its best sentence, the first of it chosen, stood.
    return run.some((m) => chosen.indexOf(m) < chosen.indexOf(r)) ? [] : run;
  });
}

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * "Paris is the capital." → "Paris is the capital [1]."; "…built in the U.S." → "…built in the
 * U.S. [1]", the abbreviation's stop kept; a table row keeps its own line.
 */
function cite(unit: Unit): string {
  if (unit.kind === 'row') return `${unit.text.replace(/[\s.]+$/, '')} [${unit.n}]`;
  if (endingAbbreviation.test(unit.text)) return `${unit.text} [${unit.n}]`;
  const match = /^(.*?)([.!?]*)$/su.exec(unit.text);
  const body = match?.[1] ?? unit.text;
  const end = match?.[2] || '.';
  return `${body} [${unit.n}]${end}`;
}
