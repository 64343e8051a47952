export type ScoredPassage = { id: number; score: number };

/**
 * The k best passages seen so far: higher score first, and on equal scores the lower id, so
 * that results are deterministic. Passages must be offered in increasing id order, which is
 * what lets an equal score be turned away: the passage already held has the lower id.
 */
export class TopK {
  private readonly heap: ScoredPassage[] = [];

  constructor(private readonly k: number) {}

  /** The score a passage must beat to enter; -Infinity until k passages are held. */
  get threshold(): number {
    return this.heap.length < this.k ? Number.NEGATIVE_INFINITY : this.heap[0].score;
  }

  /** Offers a passage; returns whether it entered. */
  offer(id: number, score: number): boolean {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push({ id, score });
      this.siftUp(heap.length - 1);
      return true;
    }
    if (!(score > heap[0].score)) return false;
    heap[0] = { id, score };
    this.siftDown(0);
    return true;
  }

  /** Best first. */
  sorted(): ScoredPassage[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** Whether a is worse than b: lower score, or the same score and a higher id. */
  private static worse(a: ScoredPassage, b: ScoredPassage): boolean {
    return a.score < b.score || (a.score === b.score && a.id > b.id);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TopK.worse(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && TopK.worse(heap[left], heap[worst])) worst = left;
      if (right < heap.length && TopK.worse(heap[right], heap[worst])) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  }
}
