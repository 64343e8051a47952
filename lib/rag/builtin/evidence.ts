/**
 * What each sentence of the retrieved passages offers as an answer to a question, as numbers a
 * ranking can weigh: how much of the question it holds (rare words weigh more), whether the
 * sentence before it or its passage hold the rest, whether it has a candidate answer of the kind
 * asked for and how close the question's words stand to it, and how well search ranked its
 * passage.
 */
import { type AnswerKind, answerKind, definesAsked, isComparative } from './cues';
import type { Unit } from './sentences';
import { compoundNames, isStopWord, key, paraphrases, unique, words } from './terms';

export interface Evidence {
  /** Share of the question's weight the sentence holds. */
  coverage: number;
  /** …that the sentence before it in its passage holds (what "it" or "this" points back to). */
  before: number;
  /** …that its passage holds. */
  passage: number;
  /** The question's weight within a few words of one candidate answer, as a share. */
  nearness: number;
  /** The question's weight in the best stretch of a few words, as a share. */
  cluster: number;
  /** Share of the question's word pairs found side by side. */
  pairs: number;
  /** For a question that asks for a kind (a name, a date, a number): 1 when the sentence has one. */
  kind: number;
  /** The passage's search score as a share of the first passage's. */
  searchScore: number;
}

export interface Question {
  text: string;
  /** The question's words, with their weight (1, less for the conversation's topic). */
  words: Map<string, number>;
  kind: AnswerKind | undefined;
}

/** Words of the conversation's topic count, in a follow-up, this much beside the question's. */
const topicWeight = 0.5;
/** How far from a candidate answer, in words, a question word still counts half (e^-1 ≈ 0.37). */
const nearnessScale = 10;
/** The stretch of words the cluster is measured in. */
const clusterWidth = 12;

export function readQuestion(text: string, topic: string[]): Question {
  const weighed = new Map<string, number>();
  for (const word of words(text)) weighed.set(word, 1);
  for (const word of topic) if (!weighed.has(word)) weighed.set(word, topicWeight);
  return { text, words: weighed, kind: answerKind(text) };
}

interface Token {
  raw: string;
  key: string;
}

function tokens(text: string, keyOf: (word: string) => string): Token[] {
  return (text.match(/[\p{L}\p{N}$€£][\p{L}\p{N}'’.,%$-]*[\p{L}\p{N}%]|[\p{L}\p{N}]/gu) ?? []).map(
    (raw) => ({ raw, key: keyOf(raw.toLowerCase().replace(/[.,'’]+$/u, '')) }),
  );
}

const month =
  /^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/i;
const year = /^(?:1\d{3}|20\d{2})s?$/;
const numberWord =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|twice)$/i;

const currency = /^(?:dollars?|euros?|pounds|cents|yen|usd|eur|gbp)$/i;

const bare = (token: Token | undefined) => token?.raw.replace(/[.,'’]+$/u, '') ?? '';
const isNumber = (word: string) => /^\d/.test(word) || numberWord.test(word);

/**
 * Whether the word at `at` is a ratio or a difference: "2.5x", "2x-20x", "40%", "twice",
 * "threefold", "a factor of", "an order of magnitude", or a number that a comparing word follows
 * ("25 times faster", "5 more", "3 metres taller", "a 25x speedup") or that "by" brings ("grew
 * by 40,000"). The "10" of "runs each program 10 times" is a count, not a ratio.
 */
function isRatio(list: Token[], at: number): boolean {
  const [before, word, next, after] = [list[at - 1], list[at], list[at + 1], list[at + 2]].map(
    (t) => bare(t).toLowerCase(),
  );
  if (/^\d[\d.,]*[x×](?:[-–]\d[\d.,]*[x×])?$/.test(word) || /^\d[\d.,]*%$/.test(word)) return true;
  if (/^(?:twice|thrice|doubled?|tripled?|halved|\w+-?fold)$/.test(word)) return true;
  if (word === 'factor') return next === 'of';
  if (word === 'magnitude') return before === 'of';
  if (!isNumber(word) || year.test(word)) return false;
  if (before === 'by' || next === 'percent' || (next === 'per' && after === 'cent')) return true;
  if (next === 'times' && after === 'as') return true;
  // The comparing word next, or after one word that is not a stop word ("5 more", "25 times
  // faster", "3 metres taller"; not "one or more").
  return isComparative(next) || (!isStopWord(next) && isComparative(after));
}

/** Whether the word at `at` of a sentence can be (part of) an answer of the kind asked for. */
function isCandidate(list: Token[], at: number, kind: AnswerKind | undefined): boolean {
  const word = bare(list[at]);
  switch (kind) {
    case 'ratio':
      return isRatio(list, at);
    case 'time':
      return year.test(word) || month.test(word) || /^\d{1,2}(?:st|nd|rd|th)$/i.test(word);
    case 'money':
      // "$7,650", "€3 million", "40 dollars": a sum of money, not any number.
      return /^[$€£¥]\d/.test(word) || currency.test(word);
    case 'number':
    case 'amount':
      return (/\d/.test(word) && !year.test(word)) || numberWord.test(word);
    case 'name':
    case 'place':
      // A sentence's first word has its capital whatever it is.
      return at > 0 && /^\p{Lu}/u.test(word) && !isStopWord(word.toLowerCase());
    default:
      return !isStopWord(word.toLowerCase());
  }
}

/** Inverse document frequency over the units: a word in few sentences weighs more. */
function rarity(unitKeys: Set<string>[]): (k: string) => number {
  const frequency = new Map<string, number>();
  for (const keys of unitKeys) for (const k of keys) frequency.set(k, (frequency.get(k) ?? 0) + 1);
  const count = unitKeys.length;
  // A word no sentence has weighs as one only one has: the passages may say it otherwise.
  return (k) => {
    const df = Math.max(1, frequency.get(k) ?? 0);
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };
}

/**
 * The evidence of every unit (in the order given) for the question. A question word weighs its
 * weight in the question times its rarity among the units.
 */
export function weighEvidence(
  question: Question,
  units: Unit[],
  passageScores: number[],
): Evidence[] {
  const compounds = compoundNames([question.text, ...units.map((unit) => unit.text)]);
  const keyOf = (word: string) => key(word, compounds.has(word));
  const unitTokens = units.map((unit) => tokens(unit.text, keyOf));
  const unitKeys = unitTokens.map((list) => new Set(list.map((t) => t.key)));
  const idf = rarity(unitKeys);
  // The question's words by key, each key at the weight of its weightiest word. A compound name
  // that is the conversation's topic also counts by its first five letters, as other words do:
  // after "What is TraceMonkey?", "its limitations" are told by sentences on tracing that do not
  // name it.
  const questionKeys = new Map<string, number>();
  for (const [word, w] of question.words) {
    const forms = w < 1 ? unique([keyOf(word), key(word)]) : [keyOf(word)];
    for (const k of forms) questionKeys.set(k, Math.max(w, questionKeys.get(k) ?? 0));
  }
  const weights = new Map<string, number>();
  for (const [k, w] of questionKeys) weights.set(k, w * idf(k));
  // A paraphrase ("fatalities" for "death toll") counts as the question's word.
  const standsFor = new Map<string, string>();
  for (const k of questionKeys.keys()) {
    for (const other of paraphrases.get(k) ?? [])
      if (!questionKeys.has(other)) standsFor.set(other, k);
  }
  const asked = (t: Token) => (weights.has(t.key) ? t.key : standsFor.get(t.key));
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0) || 1;
  const share = (keys: Iterable<string>) => {
    let sum = 0;
    for (const k of new Set(keys)) sum += weights.get(k) ?? 0;
    return sum / total;
  };
  const heldKeys = unitTokens.map((list) => list.flatMap((t) => asked(t) ?? []));
  const passageKeys = new Map<number, string[]>();
  for (const [i, unit] of units.entries()) {
    passageKeys.set(unit.rank, [...(passageKeys.get(unit.rank) ?? []), ...heldKeys[i]]);
  }
  const topScore = passageScores[0] || 1;
  const questionPairs = pairsOf(words(question.text).map(keyOf));

  return units.map((unit, i): Evidence => {
    const list = unitTokens[i];
    const held = list.map(asked);
    const previous = i > 0 && units[i - 1].rank === unit.rank ? heldKeys[i - 1] : [];
    const candidates = [...list.keys()].filter(
      (at) => held[at] === undefined && isCandidate(list, at, question.kind),
    );
    let pairs = 0;
    for (let at = 1; at < list.length; at++) {
      if (questionPairs.has(`${list[at - 1].key} ${list[at].key}`)) pairs++;
    }
    const hasKind =
      question.kind === 'definition'
        ? definesAsked(unit.text, question.text)
        : candidates.length > 0;
    return {
      coverage: share(heldKeys[i]),
      before: share(previous),
      passage: share(passageKeys.get(unit.rank) ?? []),
      nearness: nearness(held, candidates, weights) / total,
      cluster: cluster(held, weights) / total,
      pairs: questionPairs.size > 0 ? pairs / questionPairs.size : 0,
      kind: question.kind === undefined ? 0 : hasKind ? 1 : -1,
      searchScore: (passageScores[unit.rank] ?? 0) / topScore,
    };
  });
}

function pairsOf(keys: string[]): Set<string> {
  return new Set(keys.slice(1).map((k, i) => `${keys[i]} ${k}`));
}

/** The most question weight gathered around one candidate, each word discounted by distance. */
function nearness(
  held: Array<string | undefined>,
  candidates: number[],
  weights: Map<string, number>,
): number {
  let best = 0;
  for (const at of candidates) {
    const near = new Map<string, number>();
    for (const [i, k] of held.entries()) {
      if (k === undefined) continue;
      const value = (weights.get(k) ?? 0) * Math.exp(-Math.abs(i - at) / nearnessScale);
      near.set(k, Math.max(near.get(k) ?? 0, value));
    }
    let sum = 0;
    for (const value of near.values()) sum += value;
    best = Math.max(best, sum);
  }
  return best;
}

/** The most question weight held in any stretch of `clusterWidth` words. */
function cluster(held: Array<string | undefined>, weights: Map<string, number>): number {
  let best = 0;
  for (let from = 0; from < held.length; from++) {
    const seen = new Set<string>();
    for (const k of held.slice(from, from + clusterWidth)) if (k !== undefined) seen.add(k);
    let sum = 0;
    for (const k of seen) sum += weights.get(k) ?? 0;
    best = Math.max(best, sum);
  }
  return best;
}
