/**
 * The query terms Folio's FTS5 search asked with, before Folio had its own index (which reads
 * queries itself, db/search/tokenizer): eval:retrieval keeps asking its same-run FTS5 baseline
 * with them, so that baseline stays what it was when issue 5 recorded it.
 */

/** Words that carry no meaning for search; dropping them keeps BM25 from matching everything. */
const stopWords = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have ' +
    'having he her here hers herself him himself his how i if in into is it its itself just me more most ' +
    'my myself no nor not now of off on once only or other our ours ourselves out over own same she should ' +
    'so some such than that the their theirs them themselves then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours yourself yourselves'
  ).split(' '),
);

const maxTerms = 64;

/** The searchable words of a query: lowercased letters and digits, no stop words, no repeats. */
export function queryTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => !stopWords.has(w)))].slice(0, maxTerms);
}
