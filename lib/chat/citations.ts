/**
 * One numbering of an answer's sources, the same everywhere a person or a client sees it: the
 * sources it cites are numbered 1, 2, 3… in the order the answer first cites them, whatever
 * their search rank; the sources it does not cite follow, in rank order. The model cites the
 * passages by their place in the prompt; the answer is renumbered as it streams.
 */

/** [n] or [n, m]: a citation group. */
const citationGroup = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
/** An opening bracket that may still become a citation group once more text comes. */
const openGroup = /\[[\d,\s]*$/;
/** A citation group is never longer than this; a longer open bracket is plain text. */
const longestGroup = 24;

export class CitationNumbering<S extends { n: number }> {
  /** Prompt number → the number a person sees, in the order of first citation. */
  private readonly shown = new Map<number, number>();
  private held = '';
  private written = '';

  /** `passages` as the prompt numbered them, 1 to N. */
  constructor(private readonly passages: readonly S[]) {}

  /** The answer text renumbered so far (what was handed out by `push` and `end`). */
  get text(): string {
    return this.written;
  }

  /**
   * Takes the next piece of the model's text; returns what can be shown of it, renumbered,
   * holding back a citation not yet complete, and whether a source got its number (so the
   * sources, renumbered, must reach the reader before the text that cites them).
   */
  push(chunk: string): { text: string; numbered: boolean } {
    const pending = this.held + chunk;
    const open = openGroup.exec(pending);
    const cut = open && pending.length - open.index < longestGroup ? open.index : pending.length;
    this.held = pending.slice(cut);
    return this.renumber(pending.slice(0, cut));
  }

  /** The end of the text: whatever was held back, renumbered if it is a citation. */
  end(): { text: string; numbered: boolean } {
    const rest = this.held;
    this.held = '';
    return this.renumber(rest);
  }

  /** The sources numbered as the answer cites them, cited first, each marked cited or not. */
  sources(): Array<S & { cited: boolean }> {
    let next = this.shown.size;
    return this.passages
      .map((passage) => {
        const shown = this.shown.get(passage.n);
        return { ...passage, n: shown ?? ++next, cited: shown !== undefined };
      })
      .sort((a, b) => a.n - b.n);
  }

  /** The numbers the answer cites: 1 to the count of sources it cites. */
  citations(): number[] {
    return [...this.shown.values()].sort((a, b) => a - b);
  }

  private renumber(text: string): { text: string; numbered: boolean } {
    const before = this.shown.size;
    const renumbered = text.replace(citationGroup, (_, group: string) => {
      const numbers = group.split(',').map((part) => Number(part.trim()));
      return `[${numbers.map((n) => this.number(n)).join(', ')}]`;
    });
    this.written += renumbered;
    return { text: renumbered, numbered: this.shown.size > before };
  }

  /** The shown number of a prompt number; a number no passage has is left as the model wrote it. */
  private number(n: number): number {
    if (n < 1 || n > this.passages.length) return n;
    let shown = this.shown.get(n);
    if (shown === undefined) {
      shown = this.shown.size + 1;
      this.shown.set(n, shown);
    }
    return shown;
  }
}
