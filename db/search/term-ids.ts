/**
 * A passage's distinct term ids, kept with the passage so that removing it knows which postings
 * to take out and which document frequencies to lower, without its text. Sorted and stored as
 * varint gaps.
 */

export function encodeTermIds(sortedIds: number[]): Buffer {
  const out: number[] = [];
  let previous = 0;
  for (const id of sortedIds) {
    let gap = id - previous;
    while (gap >= 128) {
      out.push((gap % 128) | 128);
      gap = Math.floor(gap / 128);
    }
    out.push(gap);
    previous = id;
  }
  return Buffer.from(out);
}

export function decodeTermIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let previous = 0;
  let p = 0;
  while (p < bytes.length) {
    let gap = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[p++];
      gap += (byte & 127) * scale;
      scale *= 128;
    } while (byte >= 128);
    previous += gap;
    ids.push(previous);
  }
  return ids;
}
