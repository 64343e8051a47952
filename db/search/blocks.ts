import { termWeight } from './bm25';
import { BLOCK_SIZE, decodeBlock, emptyPostings, encodeBlock, type Postings } from './postings';

/**
 * Adding and removing a term's postings, rewriting only the blocks a change touches. Each
 * block carries the largest weight it holds, so bounds stay valid: a bound stays an upper bound
 * when postings leave, and search results never drift from exhaustive BM25.
 */

export type BlockRow = { lastId: number; postings: Uint8Array };

/** A term's blocks as the writer sees them; each engine keeps them in its own database. */
export interface BlockStore {
  lastBlock(termId: number): BlockRow | undefined;
  /** The first block whose last id is at least `id`. */
  blockAtOrAfter(termId: number, id: number): BlockRow | undefined;
  deleteBlock(termId: number, lastId: number): void;
  insertBlock(
    termId: number,
    lastId: number,
    maxWeight: number,
    avgLength: number,
    postings: Buffer,
  ): void;
}

function maxWeight(postings: Postings, from: number, to: number, avgLength: number): number {
  let max = 0;
  for (let i = from; i < to; i++) {
    max = Math.max(max, termWeight(postings.tfs[i], postings.lengths[i], avgLength));
  }
  return max;
}

/** Writes postings as blocks; returns the largest weight written. */
function writeBlocks(
  store: BlockStore,
  termId: number,
  postings: Postings,
  avgLength: number,
  isTail: boolean,
): number {
  const total = postings.ids.length;
  // A tail fills whole blocks, as later passages append to it; a block split in the middle of
  // the list is halved evenly, leaving room for the next insertions on both sides.
  const blockCount = Math.ceil(total / BLOCK_SIZE);
  const size = isTail ? BLOCK_SIZE : Math.ceil(total / blockCount);
  let max = 0;
  for (let from = 0; from < total; from += size) {
    const to = Math.min(total, from + size);
    const weight = maxWeight(postings, from, to, avgLength);
    max = Math.max(max, weight);
    const block = encodeBlock(postings, from, to);
    store.insertBlock(termId, postings.ids[to - 1], weight, avgLength, block);
  }
  return max;
}

function mergePostings(a: Postings, b: Postings): Postings {
  const merged = emptyPostings();
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const fromA = j >= b.ids.length || (i < a.ids.length && a.ids[i] < b.ids[j]);
    const source = fromA ? a : b;
    const k = fromA ? i++ : j++;
    merged.ids.push(source.ids[k]);
    merged.tfs.push(source.tfs[k]);
    merged.lengths.push(source.lengths[k]);
  }
  return merged;
}

function slicePostings(p: Postings, from: number, to: number): Postings {
  return {
    ids: p.ids.slice(from, to),
    tfs: p.tfs.slice(from, to),
    lengths: p.lengths.slice(from, to),
  };
}

/** Merges new postings (sorted by id) into a term's blocks; returns the largest weight written. */
export function insertPostings(
  store: BlockStore,
  termId: number,
  added: Postings,
  avgLength: number,
): number {
  // The usual case, new passages with higher ids than any before: they extend the last block.
  const last = store.lastBlock(termId);
  if (!last || added.ids[0] > last.lastId) {
    let postings = added;
    if (last) {
      const existing = decodeBlock(last.postings);
      if (existing.ids.length < BLOCK_SIZE) {
        store.deleteBlock(termId, last.lastId);
        postings = mergePostings(existing, added);
      }
    }
    return writeBlocks(store, termId, postings, avgLength, true);
  }
  let max = 0;
  let i = 0;
  while (i < added.ids.length) {
    const following = store.blockAtOrAfter(termId, added.ids[i]);
    let end = added.ids.length;
    let target = following;
    if (following) {
      end = i;
      while (end < added.ids.length && added.ids[end] <= following.lastId) end++;
    } else {
      target = store.lastBlock(termId);
    }
    let postings = slicePostings(added, i, end);
    if (target) {
      const existing = decodeBlock(target.postings);
      if (following || existing.ids.length < BLOCK_SIZE) {
        store.deleteBlock(termId, target.lastId);
        postings = mergePostings(existing, postings);
      }
    }
    max = Math.max(max, writeBlocks(store, termId, postings, avgLength, !following));
    i = end;
  }
  return max;
}

/** Takes the given passage ids (sorted) out of a term's blocks. */
export function deletePostings(
  store: BlockStore,
  termId: number,
  ids: readonly number[],
  avgLength: number,
): void {
  let i = 0;
  while (i < ids.length) {
    const block = store.blockAtOrAfter(termId, ids[i]);
    if (!block) throw new Error(`search index is inconsistent: no postings of term ${termId}`);
    const removed = new Set<number>();
    while (i < ids.length && ids[i] <= block.lastId) removed.add(ids[i++]);
    const existing = decodeBlock(block.postings);
    const kept = emptyPostings();
    existing.ids.forEach((id, k) => {
      if (removed.has(id)) return;
      kept.ids.push(id);
      kept.tfs.push(existing.tfs[k]);
      kept.lengths.push(existing.lengths[k]);
    });
    store.deleteBlock(termId, block.lastId);
    if (kept.ids.length > 0) writeBlocks(store, termId, kept, avgLength, false);
  }
}
