/** Recall at k and mean reciprocal rank, from the rank of the first hit of each question. */

export interface RetrievalMetrics {
  questions: number;
  r1: number;
  r5: number;
  r10: number;
  mrr10: number;
}

/** `ranks[i]` is the 1-based rank of the first hit for question i, or 0 for none in the top 10. */
export function retrievalMetrics(ranks: readonly number[]): RetrievalMetrics {
  const n = ranks.length;
  const within = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / n;
  const mrr = ranks.reduce((sum, r) => sum + (r > 0 && r <= 10 ? 1 / r : 0), 0) / n;
  return { questions: n, r1: within(1), r5: within(5), r10: within(10), mrr10: mrr };
}

export interface Span {
  doc: number;
  start: number;
  end: number;
}

/** 1-based rank of the first passage that overlaps the gold span, 0 when none does. */
export function firstHitRank(passages: readonly Span[], gold: Span): number {
  const i = passages.findIndex(
    (p) => p.doc === gold.doc && p.start < gold.end && p.end > gold.start,
  );
  return i + 1;
}

/** 1-based rank of the first passage that holds one of the spans whole, 0 when none does. */
export function firstContainingRank(passages: readonly Span[], spans: readonly Span[]): number {
  const i = passages.findIndex((p) =>
    spans.some((s) => p.doc === s.doc && p.start <= s.start && p.end >= s.end),
  );
  return i + 1;
}

export const formatMetric = (v: number) => v.toFixed(3);
