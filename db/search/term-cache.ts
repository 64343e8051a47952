import { idf, weightBoundAt } from './bm25';
import type { Stats, Store } from './store';

/**
 * Relative and absolute slack added to every score bound, so that rounding in the bound's own
 * arithmetic can never make it smaller than a score it bounds.
 */
const BOUND_SLACK = 1e-9;

function withSlack(bound: number): number {
  return bound * (1 + BOUND_SLACK) + BOUND_SLACK;
}

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

/**
 * Query terms as the index holds them, kept in memory so that a query does not read every
 * block header of its terms from SQLite. Entries are valid for one version of the index (the
 * token every write replaces, read in the query's own transaction), so a write by this or any
 * other connection empties the cache before the next query uses it. Least recently used
 * terms go first once the entries hold more than `capacity` blocks.
 */
export class TermCache {
  private version = Number.NaN;
  private readonly entries = new Map<string, QueryTerm | null>();
  private size = 0;

  constructor(
    private readonly store: Store,
    private readonly capacity: number,
  ) {}

  /** The term in the index whose statistics are `stats`; null when no passage has it. */
  get(term: string, stats: Stats): QueryTerm | null {
    if (stats.version !== this.version) {
      this.entries.clear();
      this.size = 0;
      this.version = stats.version;
    }
    let entry = this.entries.get(term);
    if (entry === undefined) {
      entry = this.load(term, stats);
      this.size += TermCache.sizeOf(entry);
      this.evictBeyond(this.capacity);
    } else {
      this.entries.delete(term);
    }
    this.entries.set(term, entry);
    return entry;
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

  private load(term: string, stats: Stats): QueryTerm | null {
    const row = this.store.term.get(term);
    if (!row) return null;
    const avgLength = stats.tokens / stats.passages;
    const termIdf = idf(stats.passages, row.df);
    const blocks = this.store.blockMeta.all(row.id);
    const lastIds = new Float64Array(blocks.length);
    const blockBounds = new Float64Array(blocks.length);
    const blockSizes = new Int32Array(blocks.length);
    blocks.forEach(([lastId, weight, weightAvgLength, size], i) => {
      lastIds[i] = lastId;
      blockSizes[i] = size;
      blockBounds[i] = withSlack(termIdf * weightBoundAt(weight, weightAvgLength, avgLength));
    });
    const scoreBound = withSlack(
      termIdf * weightBoundAt(row.maxWeight, row.maxWeightAvgLength, avgLength),
    );
    return { id: row.id, idf: termIdf, scoreBound, lastIds, blockBounds, blockSizes };
  }
}
