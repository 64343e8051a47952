import { readGaps, writeGaps } from './varint';

/**
 * A passage's distinct term ids, kept with the passage so that removing it knows which postings
 * to take out and which document frequencies to lower, without its text. Sorted and stored as
 * varint gaps.
 */

export function encodeTermIds(sortedIds: number[]): Buffer {
  const out: number[] = [];
  writeGaps(out, sortedIds);
  return Buffer.from(out);
}

export function decodeTermIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  readGaps(bytes, 0, ids);
  return ids;
}
