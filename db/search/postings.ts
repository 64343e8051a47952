import { readGaps, writeGaps } from './varint';

/**
 * A block of postings: up to BLOCK_SIZE (passage id, term frequency, passage length) triples in
 * increasing id order. Carrying the length in each posting lets a block be scored on its own,
 * with no lookup per passage.
 *
 * Layout, column by column so that decoding is mostly fixed-width copies:
 *   count (1 byte) · widths (1 byte: tf bytes | length bytes << 4)
 *   · ids as varints (the first whole, then gaps) · tfs · lengths (little-endian, fixed width)
 */

export const BLOCK_SIZE = 128;

export type Postings = { ids: number[]; tfs: number[]; lengths: number[] };

export function emptyPostings(): Postings {
  return { ids: [], tfs: [], lengths: [] };
}

/** Bytes needed for every value of `values[from, to)`: 1, 2 or 4. */
function widthOf(values: number[], from: number, to: number): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, values[i]);
  return max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
}

function writeFixed(out: number[], value: number, width: number): void {
  for (let b = 0; b < width; b++) out.push((value >>> (8 * b)) & 0xff);
}

export function encodeBlock(postings: Postings, from: number, to: number): Buffer {
  const tfWidth = widthOf(postings.tfs, from, to);
  const lengthWidth = widthOf(postings.lengths, from, to);
  const out: number[] = [to - from, tfWidth | (lengthWidth << 4)];
  writeGaps(out, postings.ids, from, to);
  for (let i = from; i < to; i++) writeFixed(out, postings.tfs[i], tfWidth);
  for (let i = from; i < to; i++) writeFixed(out, postings.lengths[i], lengthWidth);
  return Buffer.from(out);
}

function readFixed(
  bytes: Uint8Array,
  offset: number,
  width: number,
  count: number,
  into: Int32Array,
): number {
  let p = offset;
  if (width === 1) {
    for (let i = 0; i < count; i++) into[i] = bytes[p++];
  } else if (width === 2) {
    for (let i = 0; i < count; i++, p += 2) into[i] = bytes[p] | (bytes[p + 1] << 8);
  } else {
    for (let i = 0; i < count; i++, p += 4) {
      into[i] = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
    }
  }
  return p;
}

/** Decoded block storage a cursor reuses for every block it reads. */
export class BlockBuffer {
  readonly ids = new Float64Array(BLOCK_SIZE);
  readonly tfs = new Int32Array(BLOCK_SIZE);
  readonly lengths = new Int32Array(BLOCK_SIZE);
  count = 0;

  /** Decodes the block starting at `offset` in `bytes`. */
  decode(bytes: Uint8Array, offset = 0): void {
    const count = bytes[offset];
    const widths = bytes[offset + 1];
    let p = readGaps(bytes, offset + 2, this.ids, count);
    p = readFixed(bytes, p, widths & 15, count, this.tfs);
    readFixed(bytes, p, widths >> 4, count, this.lengths);
    this.count = count;
  }
}

export function decodeBlock(bytes: Uint8Array): Postings {
  const buffer = new BlockBuffer();
  buffer.decode(bytes);
  return {
    ids: Array.from(buffer.ids.subarray(0, buffer.count)),
    tfs: Array.from(buffer.tfs.subarray(0, buffer.count)),
    lengths: Array.from(buffer.lengths.subarray(0, buffer.count)),
  };
}
