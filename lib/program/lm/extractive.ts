import { z } from 'zod';
import type { LM, LMRequest, LMStreamPart } from './lm';
import { sleep } from './sleep';

const stopWords = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in ' +
    'into is it its me my no not of on or our so than that the their them then there these they ' +
    'this those to was we were what when where which who whom why will with would you your about ' +
    'after also any all more most other over such only own same some just should very'
  ).split(' '),
);

/** Lower-cased words, stop words left out. */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word));
}

/**
 * A light stemmer: plural "s", "-ed" and "-ing" folded, so that "passages" matches "passage"
 * and "logged" or "logging" matches "log".
 */
function fold(word: string): string {
  let stem = word;
  if (stem.length > 5 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !stem.endsWith('ss')) return stem.slice(0, -1);
  else return stem;
  // "logg" → "log", as the stem was doubled before the ending; "fall", "pass" keep theirs.
  const last = stem.at(-1);
  return last === stem.at(-2) && !'lsz'.includes(last ?? '') ? stem.slice(0, -1) : stem;
}

const terms = (text: string) => words(text).map(fold);

const passagesSchema = z.array(z.object({ n: z.number(), text: z.string() }));
const historySchema = z.array(z.object({ content: z.string() }));

/** How much of the question's term weight a sentence must match to be worth quoting. */
const minCoverage = 0.3;
/** Sentences scoring below this share of the best one are left out. */
const minShareOfBest = 0.6;
const maxSentences = 3;
const noAnswer = 'The documents do not seem to contain the answer to this question.';

interface Sentence {
  n: number;
  text: string;
  terms: string[];
}

/**
 * Folio's built-in offline model. It does not read the prompt's prose: it answers the signature
 * in the request directly, then writes the completion in the request adapter's format and streams
 * it in token-sized pieces, so it exercises the same parsing and listeners as a real model.
 *
 * - `passages` in, `answer` out: the best-matching sentences of the passages (BM25 over
 *   sentences), each cited [n]; when none matches enough of the question, it says so.
 * - `query` out: the question plus the salient terms of the last conversation turn.
 * - anything else: a placeholder sentence per output field.
 */
export class ExtractiveLM implements LM {
  readonly provider = 'extractive';
  readonly model = 'folio-extractive-1';
  private readonly delayMs: number;

  constructor(options: { delayMs?: number } = {}) {
    this.delayMs = options.delayMs ?? 0;
  }

  async *stream(
    request: LMRequest,
    { signal }: { signal?: AbortSignal } = {},
  ): AsyncGenerator<LMStreamPart> {
    signal?.throwIfAborted();
    const completion = request.adapter.formatCompletion(request.signature, compose(request));
    const tokens = completion.match(/\s*\S{1,6}|\s+/gu) ?? [];
    for (const [i, text] of tokens.entries()) {
      if (i > 0 && this.delayMs > 0) await sleep(this.delayMs, signal);
      signal?.throwIfAborted();
      yield { type: 'text', text };
    }
    const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
    yield {
      type: 'usage',
      usage: { promptTokens: Math.ceil(promptChars / 4), completionTokens: tokens.length },
    };
  }
}

function compose({ signature, inputs }: LMRequest): Record<string, string> {
  const outputs = signature.outputNames;
  const question = typeof inputs.question === 'string' ? inputs.question : '';
  const passages = passagesSchema.safeParse(inputs.passages);
  if (outputs.includes('answer') && passages.success) {
    return { ...placeholders(outputs), ...answer(question, passages.data) };
  }
  if (outputs.includes('query')) {
    return { ...placeholders(outputs), query: rewrite(question, inputs.history) };
  }
  return placeholders(outputs);
}

function placeholders(outputs: string[]): Record<string, string> {
  return Object.fromEntries(
    outputs.map((name) => [name, `The built-in extractive model cannot produce "${name}".`]),
  );
}

function answer(
  question: string,
  passages: Array<{ n: number; text: string }>,
): { reasoning: string; answer: string } {
  const sentences = passages.flatMap((passage) =>
    splitSentences(passage.text).map((text) => ({
      n: passage.n,
      text,
      terms: terms(text),
    })),
  );
  const chosen = bestSentences(unique(terms(question)), sentences, expectedAnswer(question));
  if (chosen.length === 0) {
    return { reasoning: 'No passage shares enough terms with the question.', answer: noAnswer };
  }
  const cited = [...new Set(chosen.map((s) => `[${s.n}]`))];
  const which = cited.length === 1 ? `passage ${cited[0]}` : `passages ${cited.join(', ')}`;
  return {
    reasoning: `I quote the sentences of ${which} that share the most terms with the question.`,
    answer: chosen.map(cite).join(' '),
  };
}

/**
 * BM25 with sentences as documents; a sentence must match enough of the question to count, and
 * be of the kind that `answers` it if any is. The best comes first, so that the answer opens
 * with the sentence that answers the question.
 */
function bestSentences(
  query: string[],
  sentences: Sentence[],
  answers: (sentence: Sentence) => boolean,
): Sentence[] {
  if (query.length === 0 || sentences.length === 0) return [];
  const count = sentences.length;
  const frequency = new Map<string, number>();
  for (const sentence of sentences) {
    for (const term of new Set(sentence.terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const idf = (term: string) => {
    const df = frequency.get(term) ?? 0;
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };
  const queryWeight = query.reduce((sum, term) => sum + idf(term), 0);
  const averageLength = sentences.reduce((sum, s) => sum + s.terms.length, 0) / count;
  const scored = sentences.map((sentence) => {
    let score = 0;
    let matched = 0;
    for (const term of query) {
      const tf = sentence.terms.filter((t) => t === term).length;
      if (tf === 0) continue;
      matched += idf(term);
      const norm = 1.2 * (0.25 + (0.75 * sentence.terms.length) / averageLength);
      score += (idf(term) * tf * 2.2) / (tf + norm);
    }
    return { sentence, score, coverage: matched / queryWeight };
  });
  const matching = scored.filter((s) => s.coverage >= minCoverage);
  const ofKind = matching.filter((s) => answers(s.sentence));
  const relevant = (ofKind.length > 0 ? ofKind : matching).sort((a, b) => b.score - a.score);
  if (relevant.length === 0) return [];
  const best = relevant[0].score;
  const seen = new Set<string>();
  return relevant
    .filter((s) => s.score >= best * minShareOfBest)
    .map((s) => s.sentence)
    .filter((s) => !seen.has(s.text) && seen.add(s.text))
    .slice(0, maxSentences);
}

/**
 * What kind of text answers the question, as its first word asks: a "who" or "where" question
 * wants a name the question does not already give, "how many" a number. Relevant sentences
 * without one are quoted only if no relevant sentence has one. ("When" is not asked for: "twice
 * a day" answers it as well as a date does.)
 */
function expectedAnswer(question: string): (sentence: Sentence) => boolean {
  const asked = new Set(words(question));
  const newName = (sentence: Sentence) =>
    // Capitalised words after the first: the first is capitalised as the sentence's start.
    (sentence.text.match(/(?<=\s)\p{Lu}[\p{L}'’-]*/gu) ?? []).some(
      (word) => !asked.has(word.toLowerCase()),
    );
  const kind = /^\s*(who|whom|whose|where|how many|how much)\b/i.exec(question);
  switch (kind?.[1].toLowerCase()) {
    case 'who':
    case 'whom':
    case 'whose':
    case 'where':
      return newName;
    case 'how many':
    case 'how much':
      return (sentence) => /\d/.test(sentence.text);
    default:
      return () => true;
  }
}

function splitSentences(text: string): string[] {
  return text
    .split(/\n\s*\n|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.split(' ').length >= 3);
}

/** "Paris is the capital." → "Paris is the capital [1]." */
function cite(sentence: Sentence): string {
  const match = /^(.*?)([.!?]*)$/su.exec(sentence.text);
  const body = match?.[1] ?? sentence.text;
  const end = match?.[2] || '.';
  return `${body} [${sentence.n}]${end}`;
}

function rewrite(question: string, history: unknown): string {
  const turns = historySchema.safeParse(history);
  const last = turns.success ? turns.data.at(-1)?.content : undefined;
  if (!last) return question;
  const asked = new Set(terms(question));
  const salient = unique(words(last).filter((w) => w.length > 3 && !asked.has(fold(w)))).slice(
    0,
    6,
  );
  return salient.length > 0 ? `${question} ${salient.join(' ')}` : question;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
