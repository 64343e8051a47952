import { termWeight } from '@/db/search/bm25';
import { BLOCK_SIZE, BlockBuffer } from '@/db/search/postings';
import type { QueryTerm, Stats } from '@/db/search/term-cache';
import { TopK } from '@/db/search/top-k';
import type { Postings } from './reader';

/**
 * Which blocks of a search's frequent terms can hold a passage of its top k, once all the
 * blocks of its rare terms are in memory. Why no passage of the top k lies in a block left out:
 *
 * BM25 term scores are never negative, so a passage's partial score P (the sum of its rare
 * terms' scores) is at most its score. The k passages with the best partial scores thus score
 * at least θ, the k-th best partial score: the k-th best score is at least θ, and every
 * passage of the top k (ties going to the lower id) scores at least θ. Take one, q, and a frequent term f whose postings hold it, in block b:
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
 * order than the walk's can only fetch more. With fewer than k partial scores, θ is unknown
 * and every block is fetched.
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

/** Passages in increasing id order, each with a score. */
type Scored = { ids: Float64Array; scores: Float64Array };

/** The postings of the term's fetched blocks, with their scores. */
function scoredPostings(term: QueryTerm, bytes: Uint8Array, avgLength: number): Scored {
  const buffer = new BlockBuffer();
  const count = term.blockSizes.length * BLOCK_SIZE;
  const ids = new Float64Array(count);
  const scores = new Float64Array(count);
  let n = 0;
  for (let b = 0, offset = 0; b < term.blockSizes.length; offset += term.blockSizes[b++]) {
    buffer.decode(bytes, offset);
    for (let p = 0; p < buffer.count; p++, n++) {
      ids[n] = buffer.ids[p];
      scores[n] = term.idf * termWeight(buffer.tfs[p], buffer.lengths[p], avgLength);
    }
  }
  return { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Each passage holding a rare term, with the sum of its rare terms' scores. */
function partialScores(rare: readonly QueryTerm[], postings: Postings, avgLength: number): Scored {
  const lists = rare.map((term) => scoredPostings(term, postings.get(term.id)!, avgLength));
  if (lists.length === 1) return lists[0];
  const total = lists.reduce((sum, list) => sum + list.ids.length, 0);
  const ids = new Float64Array(total);
  const scores = new Float64Array(total);
  const at = new Int32Array(lists.length);
  let n = 0;
  for (; ; n++) {
    let id = Number.POSITIVE_INFINITY;
    for (let l = 0; l < lists.length; l++) {
      if (at[l] < lists[l].ids.length) id = Math.min(id, lists[l].ids[at[l]]);
    }
    if (id === Number.POSITIVE_INFINITY) break;
    let score = 0;
    for (let l = 0; l < lists.length; l++) {
      if (at[l] < lists[l].ids.length && lists[l].ids[at[l]] === id)
        score += lists[l].scores[at[l]++];
    }
    ids[n] = id;
    scores[n] = score;
  }
  return { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** The k-th best score lowered by the slack; -Infinity when there are fewer than k. */
function threshold({ ids, scores }: Scored, k: number): number {
  const top = new TopK(k);
  for (let i = 0; i < ids.length; i++) top.offer(ids[i], scores[i]);
  const theta = top.threshold;
  return theta - Math.abs(theta) * THRESHOLD_SLACK - THRESHOLD_SLACK;
}

/**
 * The sorted ids of the passages holding a rare term that can score `floor`: their partial
 * score plus the bound of each frequent term's block that would hold them reaches it.
 */
function reachingCandidates(
  { ids, scores }: Scored,
  frequent: readonly QueryTerm[],
  floor: number,
): number[] {
  const blocks = new Int32Array(frequent.length);
  const chosen: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    let bound = scores[i];
    for (let t = 0; t < frequent.length; t++) {
      const lastIds = frequent[t].lastIds;
      let b = blocks[t];
      while (b < lastIds.length && lastIds[b] < id) b++;
      blocks[t] = b;
      if (b < lastIds.length) bound += frequent[t].blockBounds[b];
    }
    if (bound >= floor) chosen.push(id);
  }
  return chosen;
}

/** The sorted union of two sorted lists of block indexes. */
function union(a: readonly number[], b: readonly number[]): number[] {
  const all: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    if (a[i] === next) i++;
    if (b[j] === next) j++;
    all.push(next);
  }
  return all;
}

/**
 * For each frequent term, by id, the indexes of its blocks that can hold a passage of the top
 * k, given all the blocks of the rare terms (at least one).
 */
export function frequentBlocks(
  rare: readonly QueryTerm[],
  postings: Postings,
  frequent: readonly QueryTerm[],
  stats: Stats,
  k: number,
): Map<number, number[]> {
  const partial = partialScores(rare, postings, stats.tokens / stats.passages);
  const floor = threshold(partial, k);
  const candidates = reachingCandidates(partial, frequent, floor);
  const boundSum = frequent.reduce((sum, term) => sum + term.scoreBound, 0);
  const chosen = new Map<number, number[]>();
  for (const term of frequent) {
    const others = boundSum - term.scoreBound;
    const reaching: number[] = [];
    for (let b = 0; b < term.blockBounds.length; b++) {
      if (term.blockBounds[b] + others >= floor) reaching.push(b);
    }
    chosen.set(term.id, union(blocksHolding(term, candidates), reaching));
  }
  return chosen;
}
