/** How long an answer took: to retrieve its passages, to its first token, in all. */
export class Timings {
  private readonly started = performance.now();
  private retrievalMs: number | undefined;
  private firstTokenMs: number | undefined;

  private elapsed(): number {
    return Math.round(performance.now() - this.started);
  }

  retrieved(): void {
    this.retrievalMs = this.elapsed();
  }

  /** A token of the answer arrived; the first one counts. */
  token(): void {
    this.firstTokenMs ??= this.elapsed();
  }

  all(): { retrievalMs?: number; firstTokenMs?: number; totalMs: number } {
    return {
      retrievalMs: this.retrievalMs,
      firstTokenMs: this.firstTokenMs,
      totalMs: this.elapsed(),
    };
  }
}
