import { termWeight } from '@/db/search/bm25';
import { BlockBuffer } from '@/db/search/postings';
import type { QueryTerm, Stats } from '@/db/search/term-cache';
import type { Postings } from './reader';

/**
 * Which blocks of a search's frequent terms can hold a passage of its top k, once all the
 * blocks of its rare terms are in memory. Why no passage of the top k lies in a block left out:
 *
 * BM25 term scores are never negative, so a passage's partial score P (the sum of its rare
 * terms' scores) is at most its full score. The k passages with the best partial scores thus
 * score at least θ, the k-th best partial score, in full: the k-th best full score is at least
 * θ, and every passage of the top k (ties going to the lower id) scores at least θ. Take one,
 * q, and a frequent term f whose postings hold it, in block b:
 * - if q holds a rare term, its score is at most P(q) plus, for each frequent term, the bound
 *   of the block that would hold q; that sum is at least θ, so b is fetched as a block that
 *   can hold q (a);
 * - if not, its score is at most the bound of b plus the other frequent terms' score bounds;
 *   that sum is at least θ, so b is fetched for its bound (b).
 * So every posting of every passage of the top k is fetched, and the walk over the fetched
 * blocks scores those passages exactly as over all of them. Any other passage it scores from
 * fewer postings, never more than in full (a float sum of non-negative parts only grows), so
 * never above the k-th best: the walk returns the same passages with the same scores.
 * Comparisons are against θ lowered by a slack, so that the rounding of sums summed in another
 * order than the walk's can only fetch more. With fewer than k passages holding a rare term,
 * θ is unknown and every block is fetched.
 */

/** Relative and absolute slack θ is lowered by (as the term bounds are raised: term-cache.ts). */
const THRESHOLD_SLACK = 1e-9;

/** The indexes of a term's blocks that can hold one of the sorted ids. */
export function blocksHolding(term: QueryTerm, ids: readonly number[]): number[] {
  const chosen: number[] = [];
  let block = 0;
  for (const id of ids) {
    while (block < term.lastIds.length && term.lastIds[block] < id) block++;
    if (block === term.lastIds.length) break;
    if (chosen.at(-1) !== block) chosen.push(block);
  }
  return chosen;
}

/** The sum of the rare terms' scores of each passage that holds one. */
function partialScores(
  rare: readonly QueryTerm[],
  postings: Postings,
  avgLength: number,
): Map<number, number> {
  const partial = new Map<number, number>();
  const buffer = new BlockBuffer();
  for (const term of rare) {
    const bytes = postings.get(term.id)!;
    for (let b = 0, offset = 0; b < term.blockSizes.length; offset += term.blockSizes[b++]) {
      buffer.decode(bytes, offset);
      for (let p = 0; p < buffer.count; p++) {
        const id = buffer.ids[p];
        const part = term.idf * termWeight(buffer.tfs[p], buffer.lengths[p], avgLength);
        partial.set(id, (partial.get(id) ?? 0) + part);
      }
    }
  }
  return partial;
}

/** The k-th best of the scores lowered by the slack; -Infinity when there are fewer than k. */
function threshold(scores: Iterable<number>, k: number): number {
  const sorted = Float64Array.from(scores).sort().reverse();
  if (sorted.length < k) return Number.NEGATIVE_INFINITY;
  const theta = sorted[k - 1];
  return theta - theta * THRESHOLD_SLACK - THRESHOLD_SLACK;
}

/**
 * The sorted ids of the passages holding a rare term whose score can reach `floor`: their
 * partial score plus the bound of each frequent term's block that would hold them.
 */
function reachingCandidates(
  partial: Map<number, number>,
  frequent: readonly QueryTerm[],
  floor: number,
): number[] {
  const ids = Float64Array.from(partial.keys()).sort();
  const blocks = new Int32Array(frequent.length);
  const chosen: number[] = [];
  for (const id of ids) {
    let bound = partial.get(id)!;
    frequent.forEach((term, t) => {
      let b = blocks[t];
      while (b < term.lastIds.length && term.lastIds[b] < id) b++;
      blocks[t] = b;
      if (b < term.lastIds.length) bound += term.blockBounds[b];
    });
    if (bound >= floor) chosen.push(id);
  }
  return chosen;
}

/** The sorted union of two sorted lists of block indexes. */
function union(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    if (a[i] === next) i++;
    if (b[j] === next) j++;
    merged.push(next);
  }
  return merged;
}

/**
 * For each frequent term, by id, the indexes of its blocks that can hold a passage of the top
 * k, given all the blocks of the rare terms.
 */
export function frequentBlocks(
  rare: readonly QueryTerm[],
  postings: Postings,
  frequent: readonly QueryTerm[],
  stats: Stats,
  k: number,
): Map<number, number[]> {
  const partial = partialScores(rare, postings, stats.tokens / stats.passages);
  const floor = threshold(partial.values(), k);
  const candidates = reachingCandidates(partial, frequent, floor);
  const boundSum = frequent.reduce((sum, term) => sum + term.scoreBound, 0);
  const chosen = new Map<number, number[]>();
  for (const term of frequent) {
    const others = boundSum - term.scoreBound;
    const reaching: number[] = [];
    term.blockBounds.forEach((bound, b) => {
      if (bound + others >= floor) reaching.push(b);
    });
    chosen.set(term.id, union(blocksHolding(term, candidates), reaching));
  }
  return chosen;
}
