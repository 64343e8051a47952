import { idf, weightBoundAt } from './bm25';

/**
 * Relative and absolute slack added to every score bound, so that rounding in the bound's own
 * arithmetic can never make it smaller than a score it bounds.
 */
const BOUND_SLACK = 1e-9;

function withSlack(bound: number): number {
  return bound * (1 + BOUND_SLACK) + BOUND_SLACK;
}

/** The index's totals. `version` is a random token every write replaces, so caches can tell. */
export type Stats = { passages: number; tokens: number; version: number };

/** A term as the index stores it: its document frequency and the bound on its weights. */
export type TermRow = { id: number; df: number; maxWeight: number; maxWeightAvgLength: number };

/** A term's block headers, column by column, in block order. */
export type BlockHeaders = {
  lastIds: ArrayLike<number>;
  /** The largest term weight in each block, at the average length of its own writing. */
  weights: ArrayLike<number>;
  weightAvgLengths: ArrayLike<number>;
  /** Each block's size in bytes. */
  sizes: ArrayLike<number>;
};

/** What a query needs to know of a term before reading any of its postings. */
export type QueryTerm = {
  id: number;
  idf: number;
  /** The most the term can add to any passage's score. */
  scoreBound: number;
  /** Each block's last passage id, in order. */
  lastIds: Float64Array;
  /** The most the term can add to the score of a passage in each block. */
  blockBounds: Float64Array;
  /** Each block's size in bytes. */
  blockSizes: Int32Array;
};

/** A term's query view at the given index statistics. */
export function queryTerm(row: TermRow, blocks: BlockHeaders, stats: Stats): QueryTerm {
  const avgLength = stats.tokens / stats.passages;
  const termIdf = idf(stats.passages, row.df);
  const count = blocks.lastIds.length;
  const lastIds = new Float64Array(count);
  const blockBounds = new Float64Array(count);
  const blockSizes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    lastIds[i] = blocks.lastIds[i];
    blockSizes[i] = blocks.sizes[i];
    blockBounds[i] = withSlack(
      termIdf * weightBoundAt(blocks.weights[i], blocks.weightAvgLengths[i], avgLength),
    );
  }
  const scoreBound = withSlack(
    termIdf * weightBoundAt(row.maxWeight, row.maxWeightAvgLength, avgLength),
  );
  return { id: row.id, idf: termIdf, scoreBound, lastIds, blockBounds, blockSizes };
}

/**
 * Query terms as the index holds them, kept in memory so that a query does not read every
 * block header of its terms from the database. Entries are valid for one version of the index
 * (the token every write replaces, read in the query's own transaction), so a write by any
 * connection empties the cache before the next query uses it. Least recently used terms go
 * first once the entries hold more than `capacity` blocks.
 */
export class TermCache {
  private version = Number.NaN;
  private readonly entries = new Map<string, QueryTerm | null>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  /**
   * The term at this version of the index: null when no passage has it, undefined when it is
   * not cached (then `set` it).
   */
  get(term: string, version: number): QueryTerm | null | undefined {
    if (version !== this.version) {
      this.entries.clear();
      this.size = 0;
      this.version = version;
    }
    const entry = this.entries.get(term);
    if (entry !== undefined) {
      this.entries.delete(term);
      this.entries.set(term, entry);
    }
    return entry;
  }

  /** Caches a term loaded at the version last passed to `get`. */
  set(term: string, entry: QueryTerm | null): void {
    const previous = this.entries.get(term);
    if (previous !== undefined) this.size -= TermCache.sizeOf(previous);
    this.entries.delete(term);
    this.size += TermCache.sizeOf(entry);
    this.evictBeyond(this.capacity);
    this.entries.set(term, entry);
  }

  /** An entry's weight: its blocks, and one for the entry itself so missing terms count. */
  private static sizeOf(entry: QueryTerm | null): number {
    return 1 + (entry?.lastIds.length ?? 0);
  }

  private evictBeyond(capacity: number): void {
    for (const [term, entry] of this.entries) {
      if (this.size <= capacity) return;
      this.entries.delete(term);
      this.size -= TermCache.sizeOf(entry);
    }
  }
}
