import type { PostingCursor } from './cursor';
import type { IdScope } from './id-scope';
import { type ScoredPassage, TopK } from './top-k';

/**
 * Exact top-k BM25 by MaxScore (Turtle & Flood) with block-max bounds. Terms are ordered by
 * the most they can add to a score; once the k-th best score exceeds what the weakest terms
 * could add together, those terms become "non-essential": only passages containing an
 * essential term are candidates, and a non-essential term is looked up for a candidate only
 * while the candidate could still enter the top k, its block bound checked before the block
 * is read.
 *
 * Each candidate's final score is summed in query order, as FTS5's bm25() sums it, so equal
 * inputs give bit-identical scores whichever terms were essential when it was met.
 */
export function maxScoreTopK(
  cursors: readonly PostingCursor[],
  k: number,
  scope?: IdScope,
): ScoredPassage[] {
  const n = cursors.length;
  if (n === 0 || k <= 0) return [];
  const top = new TopK(k);
  const order = cursors
    .map((_, i) => i)
    .sort((a, b) => cursors[a].scoreBound - cursors[b].scoreBound);
  const byBound = order.map((i) => cursors[i]);
  const prefixBound = new Float64Array(n);
  byBound.forEach((cursor, i) => {
    prefixBound[i] = (i > 0 ? prefixBound[i - 1] : 0) + cursor.scoreBound;
  });
  const rankOf = new Int32Array(n);
  order.forEach((q, i) => {
    rankOf[q] = i;
  });
  // Each term's part of the candidate's score, by rank. Every entry is written before the
  // candidate's score is summed: essential terms always, non-essential ones as they are probed.
  const parts = new Float64Array(n);
  let firstEssential = 0;
  let threshold = Number.NEGATIVE_INFINITY;

  for (;;) {
    let candidate = Number.POSITIVE_INFINITY;
    for (let i = firstEssential; i < n; i++) candidate = Math.min(candidate, byBound[i].id);
    if (candidate === Number.POSITIVE_INFINITY) break;
    if (scope) {
      const allowed = scope.nextAtLeast(candidate);
      if (allowed === Number.POSITIVE_INFINITY) break;
      if (allowed !== candidate) {
        for (let i = firstEssential; i < n; i++) byBound[i].advance(allowed);
        continue;
      }
    }

    let partial = 0;
    for (let i = firstEssential; i < n; i++) {
      const cursor = byBound[i];
      if (cursor.id === candidate) {
        const part = cursor.score();
        partial += part;
        parts[i] = part;
        cursor.next();
      } else {
        parts[i] = 0;
      }
    }
    let pruned = false;
    for (let i = firstEssential - 1; i >= 0; i--) {
      if (partial + prefixBound[i] <= threshold) {
        pruned = true;
        break;
      }
      const cursor = byBound[i];
      const rest = i > 0 ? prefixBound[i - 1] : 0;
      if (partial + cursor.blockBound(candidate) + rest <= threshold) {
        pruned = true;
        break;
      }
      cursor.advance(candidate);
      if (cursor.id === candidate) {
        const part = cursor.score();
        partial += part;
        parts[i] = part;
      } else {
        parts[i] = 0;
      }
    }
    if (pruned) continue;

    let score = 0;
    for (let q = 0; q < n; q++) score += parts[rankOf[q]];
    if (top.offer(candidate, score)) {
      threshold = top.threshold;
      while (firstEssential < n && prefixBound[firstEssential] <= threshold) firstEssential++;
      if (firstEssential === n) break;
    }
  }
  return top.sorted();
}
