/** The passage ids a search may return, sorted; asked for ids in increasing order. */
export class IdScope {
  private position = 0;

  constructor(private readonly ids: readonly number[]) {}

  /** The smallest allowed id at least `target`; Infinity when there is none. */
  nextAtLeast(target: number): number {
    const ids = this.ids;
    let low = this.position;
    if (low < ids.length && ids[low] < target) {
      let high = ids.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (ids[mid] < target) low = mid + 1;
        else high = mid;
      }
    }
    this.position = low;
    return low < ids.length ? ids[low] : Number.POSITIVE_INFINITY;
  }
}
