import fc from 'fast-check';
import type { PassageInput } from '@/db/search/index';

/**
 * Generated corpora for engine tests: words drawn with a steep bias towards the front of the
 * vocabulary, so some terms fill many blocks and others are rare, as in real text. The
 * vocabulary mixes stop words, inflections that stem together, numbers and non-ASCII words.
 */
const COMMON = `the of and a in to was is for on as by with city river run running runs ran
connect connected connection connections university universities people year years first
many called state states war 1990 1,000 Beyoncé naïve ÉCOLE straße 東京 Москва U.S. don't`.split(
  /\s+/,
);
export const VOCABULARY = [...COMMON, ...Array.from({ length: 400 }, (_, i) => `w${i}x`)];

/** A word, biased towards the front of the vocabulary. */
const wordArb = fc
  .noBias(fc.integer({ min: 0, max: 999_999 }))
  .map((n) => VOCABULARY[Math.floor(VOCABULARY.length * (n / 1_000_000) ** 3)]);

export const textArb = (maxWords: number) =>
  fc
    .array(wordArb, { minLength: 1, maxLength: maxWords, size: 'max' })
    .map((words) => words.join(' '));

/** Passages with ids 1..n spread over a handful of documents. */
export const corpusArb = (minPassages: number, maxPassages: number) =>
  fc
    .array(fc.tuple(textArb(40), fc.integer({ min: 0, max: 5 })), {
      minLength: minPassages,
      maxLength: maxPassages,
      size: 'max',
    })
    .map((rows): PassageInput[] =>
      rows.map(([text, doc], i) => ({ id: i + 1, documentId: `doc-${doc}`, text })),
    );

export const queryArb = textArb(8);
