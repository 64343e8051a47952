import { randomInt } from 'node:crypto';
import { termWeight } from './bm25';
import { BLOCK_SIZE, decodeBlock, emptyPostings, encodeBlock, type Postings } from './postings';
import type { Store, TermRow } from './store';
import { decodeTermIds, encodeTermIds } from './term-ids';
import { analyzePassage } from './tokenizer';

/**
 * Adds and removes passages. Every change rewrites only the blocks it touches, keeps each
 * term's document frequency exact and its bounds valid (an upper bound stays an upper bound
 * when postings leave), so search results never drift from exhaustive BM25.
 */

export type PassageInput = { id: number; documentId: string; text: string };

/**
 * Counts passages and tokens in or out, and gives the index a new version token. The token is
 * random rather than a counter: a transaction rolled back after a search in it had cached its
 * uncommitted state must not leave a version number another writer could commit next.
 */
function recordChange(store: Store, passages: number, tokens: number): void {
  store.addStats.run(passages, tokens);
  store.setVersion.run(randomInt(2 ** 48 - 1));
}

function averageLength(store: Store): number {
  const stats = store.stats.get()!;
  return stats.passages === 0 ? 1 : stats.tokens / stats.passages;
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
  store: Store,
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
    store.insertBlock.run(termId, postings.ids[to - 1], weight, avgLength, block);
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
function insertPostings(store: Store, termId: number, added: Postings, avgLength: number): number {
  // The usual case, new passages with higher ids than any before: they extend the last block.
  const last = store.lastBlock.get(termId);
  if (!last || added.ids[0] > last.lastId) {
    let postings = added;
    if (last) {
      const existing = decodeBlock(last.postings);
      if (existing.ids.length < BLOCK_SIZE) {
        store.deleteBlock.run(termId, last.lastId);
        postings = mergePostings(existing, added);
      }
    }
    return writeBlocks(store, termId, postings, avgLength, true);
  }
  let max = 0;
  let i = 0;
  while (i < added.ids.length) {
    const following = store.blockAtOrAfter.get(termId, added.ids[i]);
    let end = added.ids.length;
    let target = following;
    if (following) {
      end = i;
      while (end < added.ids.length && added.ids[end] <= following.lastId) end++;
    } else {
      target = store.lastBlock.get(termId);
    }
    let postings = slicePostings(added, i, end);
    if (target) {
      const existing = decodeBlock(target.postings);
      if (following || existing.ids.length < BLOCK_SIZE) {
        store.deleteBlock.run(termId, target.lastId);
        postings = mergePostings(existing, postings);
      }
    }
    max = Math.max(max, writeBlocks(store, termId, postings, avgLength, !following));
    i = end;
  }
  return max;
}

function termRow(store: Store, term: string): TermRow {
  const row = store.term.get(term);
  if (row) return row;
  store.insertTerm.run(term);
  return store.term.get(term)!;
}

/** Indexes passages; the caller runs it inside its transaction. Passage ids must be new. */
export function addPassages(store: Store, passages: readonly PassageInput[]): void {
  if (passages.length === 0) return;
  const sorted = [...passages].sort((a, b) => a.id - b.id);
  const terms = new Map<string, TermRow>();
  const added = new Map<number, Postings>();
  let tokens = 0;
  for (const passage of sorted) {
    const { length, termCounts } = analyzePassage(passage.text);
    tokens += length;
    const termIds: number[] = [];
    for (const [term, tf] of termCounts) {
      let row = terms.get(term);
      if (!row) {
        row = termRow(store, term);
        terms.set(term, row);
      }
      termIds.push(row.id);
      let postings = added.get(row.id);
      if (!postings) {
        postings = emptyPostings();
        added.set(row.id, postings);
      }
      postings.ids.push(passage.id);
      postings.tfs.push(tf);
      postings.lengths.push(length);
    }
    termIds.sort((a, b) => a - b);
    store.insertPassage.run(passage.id, passage.documentId, length, encodeTermIds(termIds));
  }
  recordChange(store, sorted.length, tokens);
  const avgLength = averageLength(store);
  for (const row of terms.values()) {
    const postings = added.get(row.id)!;
    const written = insertPostings(store, row.id, postings, avgLength);
    const df = row.df + postings.ids.length;
    if (row.df === 0) {
      store.updateTerm.run(df, written, avgLength, row.id);
    } else {
      const weight = Math.max(row.maxWeight, written);
      const weightAvgLength = Math.min(row.maxWeightAvgLength, avgLength);
      store.updateTerm.run(df, weight, weightAvgLength, row.id);
    }
  }
}

/** Takes the given passage ids (sorted) out of a term's blocks. */
function deletePostings(store: Store, termId: number, ids: number[], avgLength: number): void {
  let i = 0;
  while (i < ids.length) {
    const block = store.blockAtOrAfter.get(termId, ids[i]);
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
    store.deleteBlock.run(termId, block.lastId);
    if (kept.ids.length > 0) writeBlocks(store, termId, kept, avgLength, false);
  }
}

/** Removes every passage of a document; returns how many there were. */
export function removeDocument(store: Store, documentId: string): number {
  const passages = store.passagesOfDocument.all(documentId);
  if (passages.length === 0) return 0;
  const idsByTerm = new Map<number, number[]>();
  let tokens = 0;
  for (const passage of passages) {
    tokens += passage.length;
    for (const termId of decodeTermIds(passage.termIds)) {
      let ids = idsByTerm.get(termId);
      if (!ids) {
        ids = [];
        idsByTerm.set(termId, ids);
      }
      ids.push(passage.id);
    }
  }
  store.deletePassagesOfDocument.run(documentId);
  recordChange(store, -passages.length, -tokens);
  const avgLength = averageLength(store);
  for (const [termId, ids] of idsByTerm) {
    deletePostings(store, termId, ids, avgLength);
    const row = store.termById.get(termId)!;
    const df = row.df - ids.length;
    if (df === 0) store.deleteTerm.run(termId);
    else store.updateTerm.run(df, row.maxWeight, row.maxWeightAvgLength, termId);
  }
  return passages.length;
}
