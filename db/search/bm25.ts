/**
 * BM25 exactly as SQLite FTS5's bm25() computes it (fts5_aux.c), expression for expression, so
 * that the same inputs give the same floating-point score: k1 = 1.2, b = 0.75, the IDF below,
 * and a passage's length counted in all its tokens, stop words included.
 */

export const K1 = 1.2;
export const B = 0.75;

/** FTS5's IDF: never below 1e-6, so a term in over half the passages still counts a little. */
export function idf(passageCount: number, documentFrequency: number): number {
  const value = Math.log((passageCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
  return value <= 0 ? 1e-6 : value;
}

/** The term-frequency part of a term's score, before it is multiplied by the IDF. */
export function termWeight(tf: number, length: number, avgLength: number): number {
  return (tf * (K1 + 1.0)) / (tf + K1 * (1 - B + (B * length) / avgLength));
}

/**
 * A bound on termWeight for postings whose weights were at most `weight` at average length
 * `weightAvgLength`, valid at any other average length: the length normalisation
 * k1·(1 − b + b·len/avg) shrinks by at most avg/avgNow when the average grows, and the weight
 * grows by at most that factor.
 */
export function weightBoundAt(weight: number, weightAvgLength: number, avgLength: number): number {
  return avgLength > weightAvgLength ? (weight * avgLength) / weightAvgLength : weight;
}
