import { termWeight } from './bm25';
import { BlockBuffer } from './postings';
import type { QueryTerm } from './term-cache';

/** Where a cursor's blocks come from: SQLite statements, or blocks a query fetched beforehand. */
export interface BlockReader {
  /** The bytes of the term's blocks `first` to `last` (indexes into its lastIds), in order. */
  read(term: QueryTerm, first: number, last: number): Uint8Array;
}

/** Most blocks read at once. */
const MAX_READ_AHEAD = 64;

/**
 * Reading ahead pays once the walk needs at least this share of the blocks it passes: a
 * statement costs as much as several more blocks read by it, so reading blocks that end up
 * skipped is cheaper than reading the needed ones one statement each. (Measured at 1M passages:
 * shares from 0.08 to 0.5 and windows from 16 to 128 blocks all cost within noise of this.)
 */
const DENSE_SHARE = 0.15;

/**
 * Walks one term's postings in passage-id order. Block metadata comes from the term cache; a
 * block's postings are read and decoded only when the walk lands inside it, so skipping past
 * passages (advance) or asking how much a block could score (blockBound) costs no decoding.
 * While the walk needs a good share of the blocks it passes it reads ever more blocks per
 * statement; while it only lands in a few it reads them one at a time.
 */
export class PostingCursor {
  /** The current passage id; Infinity once the postings are exhausted. */
  id = -1;
  readonly idf: number;
  readonly scoreBound: number;
  private readonly lastIds: Float64Array;
  private readonly blockBounds: Float64Array;
  private readonly buffer = new BlockBuffer();
  private block = -1;
  private position = 0;
  private shallowBlock = 0;
  private readonly blockSizes: Int32Array;
  /** Blocks read ahead: the bytes of blocks readAheadStart.., where each one starts. */
  private readAhead: Uint8Array = new Uint8Array(0);
  private readAheadOffsets: number[] = [];
  private readAheadStart = 0;
  private decoded = 0;

  constructor(
    private readonly reader: BlockReader,
    private readonly term: QueryTerm,
    private readonly avgLength: number,
  ) {
    this.idf = term.idf;
    this.scoreBound = term.scoreBound;
    this.lastIds = term.lastIds;
    this.blockBounds = term.blockBounds;
    this.blockSizes = term.blockSizes;
    this.loadBlock(0);
  }

  /** The current posting's score: this term's part of the passage's BM25 score. */
  score(): number {
    const p = this.position;
    return this.idf * termWeight(this.buffer.tfs[p], this.buffer.lengths[p], this.avgLength);
  }

  next(): void {
    if (++this.position < this.buffer.count) this.id = this.buffer.ids[this.position];
    else this.loadBlock(this.block + 1);
  }

  /** Moves to the first posting whose id is at least `target`. */
  advance(target: number): void {
    if (this.id >= target) return;
    if (target > this.lastIds[this.block]) {
      const block = this.findBlock(target, this.block + 1);
      if (block === this.lastIds.length) {
        this.exhaust();
        return;
      }
      this.loadBlock(block);
    }
    const ids = this.buffer.ids;
    let p = this.position;
    while (ids[p] < target) p++;
    this.position = p;
    this.id = ids[p];
  }

  /** The most the block that would hold `target` can score; 0 when no block can. */
  blockBound(target: number): number {
    this.shallowBlock = this.findBlock(target, Math.max(this.shallowBlock, this.block));
    return this.shallowBlock < this.lastIds.length ? this.blockBounds[this.shallowBlock] : 0;
  }

  /** The first block at or after `from` whose last id is at least `target`. */
  private findBlock(target: number, from: number): number {
    const lastIds = this.lastIds;
    let low = from;
    if (low >= lastIds.length || lastIds[low] >= target) return low;
    // Gallop, then bisect: targets are usually close by.
    let step = 1;
    let high = low + 1;
    while (high < lastIds.length && lastIds[high] < target) {
      low = high;
      step *= 2;
      high = low + step;
    }
    high = Math.min(high, lastIds.length);
    while (low + 1 < high) {
      const mid = (low + high) >>> 1;
      if (lastIds[mid] < target) low = mid;
      else high = mid;
    }
    return high;
  }

  private loadBlock(block: number): void {
    if (block >= this.lastIds.length) {
      this.exhaust();
      return;
    }
    const ahead = block - this.readAheadStart;
    if (ahead < 0 || ahead >= this.readAheadOffsets.length) {
      const dense = this.decoded + 1 >= DENSE_SHARE * (block + 1);
      const wanted = dense ? Math.min(MAX_READ_AHEAD, 2 * this.readAheadOffsets.length || 2) : 1;
      const last = Math.min(this.lastIds.length, block + wanted) - 1;
      this.readAhead = this.reader.read(this.term, block, last);
      const offsets: number[] = [];
      for (let b = block, offset = 0; b <= last; offset += this.blockSizes[b++])
        offsets.push(offset);
      this.readAheadOffsets = offsets;
      this.readAheadStart = block;
    }
    this.buffer.decode(this.readAhead, this.readAheadOffsets[block - this.readAheadStart]);
    this.decoded++;
    this.block = block;
    this.position = 0;
    this.id = this.buffer.ids[0];
  }

  private exhaust(): void {
    this.block = this.lastIds.length;
    this.id = Number.POSITIVE_INFINITY;
  }
}
