import { randomInt } from 'node:crypto';
import { emptyPostings, type Postings } from './postings';
import type { TermRow } from './term-cache';
import { decodeTermIds } from './term-ids';
import { analyzePassage } from './tokenizer';

/**
 * What adding or removing passages changes in an index, worked out before any block is
 * touched: the same for every engine, whichever database keeps the blocks.
 */

export type PassageInput = { id: number; documentId: string; text: string };

export type AnalyzedBatch = {
  /** The passages by increasing id, each with its length and its distinct terms. */
  passages: { id: number; documentId: string; length: number; terms: string[] }[];
  /** The postings each term gains, by increasing passage id. */
  postings: Map<string, Postings>;
  tokens: number;
};

export function analyzeBatch(passages: readonly PassageInput[]): AnalyzedBatch {
  const sorted = [...passages].sort((a, b) => a.id - b.id);
  const postings = new Map<string, Postings>();
  let tokens = 0;
  const analyzed = sorted.map(({ id, documentId, text }) => {
    const { length, termCounts } = analyzePassage(text);
    tokens += length;
    for (const [term, tf] of termCounts) {
      let termPostings = postings.get(term);
      if (!termPostings) {
        termPostings = emptyPostings();
        postings.set(term, termPostings);
      }
      termPostings.ids.push(id);
      termPostings.tfs.push(tf);
      termPostings.lengths.push(length);
    }
    return { id, documentId, length, terms: [...termCounts.keys()] };
  });
  return { passages: analyzed, postings, tokens };
}

/**
 * A term's row after it gained `added` postings whose largest weight, at `avgLength`, was
 * `written`. The weight bound covers old and new postings at any later average length.
 */
export function termAfterAdd(
  row: TermRow,
  added: number,
  written: number,
  avgLength: number,
): TermRow {
  if (row.df === 0) {
    return { id: row.id, df: added, maxWeight: written, maxWeightAvgLength: avgLength };
  }
  return {
    id: row.id,
    df: row.df + added,
    maxWeight: Math.max(row.maxWeight, written),
    maxWeightAvgLength: Math.min(row.maxWeightAvgLength, avgLength),
  };
}

/** A passage as the index keeps it: its length and its distinct term ids (term-ids.ts). */
export type IndexedPassage = { id: number; length: number; termIds: Uint8Array };

/** The passage ids (sorted) each term loses when these passages go, and their tokens. */
export function removedPostings(passages: readonly IndexedPassage[]): {
  idsByTerm: Map<number, number[]>;
  tokens: number;
} {
  const sorted = [...passages].sort((a, b) => a.id - b.id);
  const idsByTerm = new Map<number, number[]>();
  let tokens = 0;
  for (const passage of sorted) {
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
  return { idsByTerm, tokens };
}

/**
 * A new version token for the index. Random rather than a counter: a transaction rolled back
 * after a search in it had cached its uncommitted state must not leave a version number
 * another writer could commit next.
 */
export function newVersion(): number {
  return randomInt(2 ** 48 - 1);
}
