/**
 * Unsigned integers in 7-bit groups, low group first, the high bit set on all but the last:
 * small numbers take one byte. Sorted ids are stored as gaps, which keeps them small.
 */

export function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Writes sorted ids as varint gaps, the first from 0. */
export function writeGaps(out: number[], ids: ArrayLike<number>, from = 0, to = ids.length): void {
  let previous = 0;
  for (let i = from; i < to; i++) {
    writeVarint(out, ids[i] - previous);
    previous = ids[i];
  }
}

/**
 * Reads varint gaps from `bytes` at `offset` into `into` as ids, `count` of them or, without a
 * count, up to the end of `bytes`; returns the offset after them.
 */
export function readGaps(
  bytes: Uint8Array,
  offset: number,
  into: { [index: number]: number },
  count = Number.POSITIVE_INFINITY,
): number {
  let p = offset;
  let id = 0;
  for (let i = 0; i < count && p < bytes.length; i++) {
    let byte = bytes[p++];
    let gap = byte & 127;
    let scale = 128;
    while (byte >= 128) {
      byte = bytes[p++];
      gap += (byte & 127) * scale;
      scale *= 128;
    }
    id += gap;
    into[i] = id;
  }
  return p;
}
