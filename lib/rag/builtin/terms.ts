/** Words as the built-in answerer compares them: lower case, stop words out, endings folded. */

const stopWords = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have ' +
    'having how i if in into is it its itself me my no nor not of on or our ours so than that ' +
    'the their theirs them then there these they this those to too was we were what when where ' +
    'which while who whom whose why will with would you your yours about after again against ' +
    'also any all both each few more most other over such only own same some just should very ' +
    'up down out off once here further s t don now he she him her his hers one ones much many'
  ).split(' '),
);

export const isStopWord = (word: string) => stopWords.has(word);

/** Lower-cased words of the text, stop words left out. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word));
}

/**
 * A light stemmer: plurals, "-ed" and "-ing" folded, so that "passages" matches "passage",
 * "studies" "study", and "logged" or "logging" "log".
 */
export function fold(word: string): string {
  let stem = word;
  if (stem.length > 4 && stem.endsWith('ies')) return `${stem.slice(0, -3)}y`;
  if (stem.length > 5 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !/(ss|us|is)$/.test(stem))
    return stem.slice(0, -1);
  else return stem;
  // "logg" → "log", as the stem was doubled before the ending; "fall", "pass" keep theirs.
  const last = stem.at(-1);
  return last === stem.at(-2) && !'lsz'.includes(last ?? '') ? stem.slice(0, -1) : stem;
}

export const terms = (text: string) => words(text).map(fold);

/**
 * The form two words share when the answerer counts them as one: folded, then its first five
 * letters, so that "defeated" meets "defeat", "ctenophores" "ctenophore", and a question's
 * "Paleogen" the passage's "Paleogene". A compound name keeps its whole folded form: the first
 * five letters of "TraceMonkey" are another word, "trace".
 */
export function key(word: string, compound = false): string {
  const folded = fold(word.toLowerCase());
  return compound ? folded : folded.slice(0, 5);
}

/**
 * The compound names of the texts, in lower case: words written in camel case ("TraceMonkey",
 * "JavaScript", "iPhone"), so that the name keeps its whole form wherever it is written, in a
 * question typed in lower case too.
 */
export function compoundNames(texts: string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (/\p{Ll}\p{Lu}/u.test(word)) names.add(word.toLowerCase());
    }
  }
  return names;
}

export const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * A few words questions use for what documents say otherwise ("the death toll" for "189
 * fatalities", "how much faster" for "a 2x-20x speedup"), by their keys.
 */
export const paraphrases: ReadonlyMap<string, readonly string[]> = new Map(
  (
    [
      ['toll', ['fatality', 'death', 'kill', 'die', 'casualty']],
      ['death', ['fatality', 'kill', 'die']],
      ['faster', ['speedup']],
      ['slower', ['slowdown']],
      ['speed', ['speedup']],
      ['cost', ['price']],
      ['price', ['cost']],
    ] as const
  ).map(([word, others]) => [key(word), others.map((other) => key(other))]),
);
