/**
 * A block of postings: up to BLOCK_SIZE (passage id, term frequency, passage length) triples in
 * increasing id order, stored as varints (the first id whole, then gaps). Carrying the length in
 * each posting lets a block be scored on its own, with no lookup per passage.
 */

export const BLOCK_SIZE = 128;

export type Postings = { ids: number[]; tfs: number[]; lengths: number[] };

export function emptyPostings(): Postings {
  return { ids: [], tfs: [], lengths: [] };
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

export function encodeBlock(postings: Postings, from: number, to: number): Buffer {
  const out: number[] = [];
  writeVarint(out, to - from);
  let previous = 0;
  for (let i = from; i < to; i++) {
    writeVarint(out, postings.ids[i] - previous);
    writeVarint(out, postings.tfs[i]);
    writeVarint(out, postings.lengths[i]);
    previous = postings.ids[i];
  }
  return Buffer.from(out);
}

/** Decoded block storage a cursor reuses for every block it reads. */
export class BlockBuffer {
  readonly ids = new Float64Array(BLOCK_SIZE);
  readonly tfs = new Int32Array(BLOCK_SIZE);
  readonly lengths = new Int32Array(BLOCK_SIZE);
  count = 0;

  decode(bytes: Uint8Array): void {
    let p = 0;
    const read = (): number => {
      let byte = bytes[p++];
      if (byte < 128) return byte;
      let value = byte & 127;
      let scale = 128;
      do {
        byte = bytes[p++];
        value += (byte & 127) * scale;
        scale *= 128;
      } while (byte >= 128);
      return value;
    };
    const count = read();
    let id = 0;
    for (let i = 0; i < count; i++) {
      id += read();
      this.ids[i] = id;
      this.tfs[i] = read();
      this.lengths[i] = read();
    }
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
