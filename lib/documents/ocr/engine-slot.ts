/**
 * One OCR engine at a time in the whole server, whichever reader thread needs it: an engine
 * holds some 150 MB while it reads, and two reading at once on two cores would only halve each
 * other's speed. The slot is memory the server shares with every reader (a SharedArrayBuffer):
 * it holds the thread id of the reader whose engine runs, 0 when none. A reader waits for it
 * without blocking its thread; the server frees the slot of a reader that ends while holding it.
 */
export class EngineSlot {
  private readonly cell: Int32Array;

  /** A new slot, or the slot in memory another thread made and handed over. */
  constructor(readonly memory = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.cell = new Int32Array(memory);
  }

  async acquire(owner: number): Promise<void> {
    for (;;) {
      const holder = Atomics.compareExchange(this.cell, 0, 0, owner);
      if (holder === 0 || holder === owner) return;
      const waiting = Atomics.waitAsync(this.cell, 0, holder);
      if (waiting.async) await waiting.value;
    }
  }

  /** Frees the slot if `owner` holds it. */
  release(owner: number): void {
    if (Atomics.compareExchange(this.cell, 0, owner, 0) === owner) Atomics.notify(this.cell, 0);
  }
}
