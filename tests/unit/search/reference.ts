import { idf, termWeight } from '@/db/search/bm25';
import { MAX_QUERY_TERMS, type PassageInput } from '@/db/search/index';
import { analyzePassage, analyzeQuery } from '@/db/search/tokenizer';

/** Exhaustive BM25: scores every passage, the answer Folio's pruned search must reproduce. */
export function exhaustiveTopK(
  passages: readonly PassageInput[],
  query: string,
  k: number,
  documentIds?: readonly string[],
): { id: number; score: number }[] {
  const analyzed = passages.map((p) => ({ passage: p, ...analyzePassage(p.text) }));
  const df = new Map<string, number>();
  let tokens = 0;
  for (const { termCounts, length } of analyzed) {
    tokens += length;
    for (const term of termCounts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const avgLength = tokens / passages.length;
  const terms = analyzeQuery(query)
    .slice(0, MAX_QUERY_TERMS)
    .map((t) => t.term);
  const scored: { id: number; score: number }[] = [];
  for (const { passage, termCounts, length } of analyzed) {
    if (documentIds && !documentIds.includes(passage.documentId)) continue;
    let score = 0;
    let matched = false;
    for (const term of terms) {
      const tf = termCounts.get(term);
      if (!tf) continue;
      matched = true;
      score += idf(passages.length, df.get(term)!) * termWeight(tf, length, avgLength);
    }
    if (matched) scored.push({ id: passage.id, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
}
