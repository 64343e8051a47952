import type { Signature } from '../signature';
import type { FieldLexer, FieldSink } from './adapter';

export const fieldMarker = (name: string) => `[[ ## ${name} ## ]]`;
export const completedMarker = fieldMarker('completed');

const openBracket = 91; // '['
const whitespace = /\s/;
/** Exactly what String.prototype.trim removes; the ASCII test first, as it is nearly always hit. */
const isWhitespace = (code: number) =>
  code === 32 ||
  (code >= 9 && code <= 13) ||
  (code > 127 && whitespace.test(String.fromCharCode(code)));

/**
 * The chat adapter's completion grammar, read one chunk at a time:
 *
 *   a boundary is `[[ ## name ## ]]` at the start of a line (the start of the text or right after
 *   a "\n"), where name is an output field of the signature or `completed`. A field's value is
 *   the text between its boundary and the next one, trimmed of leading and trailing whitespace.
 *   Text before the first boundary, after `completed`, and in a repeated field's second section
 *   belongs to no field. Anything else, `[[`, `]]` or look-alike markers included, is text.
 *
 * Incrementally, text is passed on as soon as it cannot change meaning: the lexer holds back only
 * a suffix that starts at a line start and is a prefix of a boundary (at most the longest
 * marker's length less one) plus a field's trailing whitespace, which is emitted once more text
 * follows and dropped at the field's end. Because `ChatAdapter.parse` runs this same lexer over
 * the whole completion, streamed deltas always join to exactly the parsed value.
 */
export class ChatLexer implements FieldLexer {
  private readonly boundaries: Array<[marker: string, field: string]>;
  /** Unread text: empty, or a line-start suffix that may still become a boundary. */
  private tail = '';
  /** Whether the next unread character starts a line. */
  private lineStart = true;
  private field: string | null = null;
  /** Whether the open field has had non-whitespace text (leading whitespace is trimmed). */
  private started = false;
  /** The open field's trailing whitespace, held until more text shows it is not trailing. */
  private space = '';
  private completed = false;
  private readonly seen = new Set<string>();
  /** Which boundaries the held tail is still a prefix of, so its characters are not compared again. */
  private readonly candidates: boolean[];

  constructor(
    signature: Signature,
    private readonly sink: FieldSink,
  ) {
    this.boundaries = [...signature.outputNames, 'completed'].map((name) => [
      fieldMarker(name),
      name,
    ]);
    this.candidates = this.boundaries.map(() => true);
  }

  get heldBack(): number {
    return this.tail.length + this.space.length;
  }

  push(chunk: string): void {
    if (this.completed) return;
    // Nothing held and not at a line start: a chunk without a newline cannot reach a boundary,
    // so it is all content (the usual token, read without the scan below).
    if (this.tail.length === 0 && !this.lineStart && chunk.indexOf('\n') === -1) {
      this.content(chunk);
      return;
    }
    const text = this.tail + chunk;
    const known = this.tail.length; // a held tail starts `text` and was matched already
    this.tail = '';
    let from = 0; // start of the text not yet routed to a field
    let i = 0;
    let lineStart = this.lineStart;
    while (i < text.length) {
      if (lineStart && text.charCodeAt(i) === openBracket) {
        const match = this.matchBoundary(text, i, i === 0 ? known : 0);
        if (typeof match === 'object') {
          this.content(text.slice(from, i));
          this.boundary(match.field);
          if (this.completed) return;
          i += match.length;
          from = i;
          lineStart = false;
          continue;
        }
        if (match === 'partial') {
          this.content(text.slice(from, i));
          this.tail = text.slice(i);
          this.lineStart = true;
          return;
        }
      }
      const newline = text.indexOf('\n', i);
      if (newline === -1) {
        i = text.length;
        lineStart = false;
      } else {
        i = newline + 1;
        lineStart = true;
      }
    }
    this.content(text.slice(from));
    this.lineStart = lineStart;
  }

  finish(): void {
    if (!this.completed) this.content(this.tail);
    this.tail = '';
    this.closeField();
    this.completed = true;
  }

  /**
   * Whether `text` at `at` is a boundary, may still become one, or cannot. The first `known`
   * characters are a held tail that was matched before: only the boundaries it was a prefix of
   * are tried, from its end, so a marker that arrives one character at a time costs each
   * character once.
   */
  private matchBoundary(
    text: string,
    at: number,
    known: number,
  ): { field: string; length: number } | 'partial' | 'none' {
    const rest = text.length - at;
    let partial = false;
    for (let b = 0; b < this.boundaries.length; b++) {
      if (known > 0 && !this.candidates[b]) continue;
      const [marker, field] = this.boundaries[b];
      const end = Math.min(rest, marker.length);
      let k = known;
      while (k < end && text.charCodeAt(at + k) === marker.charCodeAt(k)) k++;
      this.candidates[b] = k === end;
      if (k < end) continue;
      if (end === marker.length) return { field, length: marker.length };
      partial = true;
    }
    return partial ? 'partial' : 'none';
  }

  private boundary(name: string): void {
    this.closeField();
    if (name === 'completed') {
      this.completed = true;
    } else if (!this.seen.has(name)) {
      this.seen.add(name);
      this.field = name;
      this.started = false;
      this.sink.start(name);
    }
  }

  private closeField(): void {
    if (this.field === null) return;
    const field = this.field;
    this.field = null;
    this.space = '';
    this.sink.end(field);
  }

  private content(text: string): void {
    if (this.field === null || text.length === 0) return;
    let value = text;
    if (!this.started) {
      value = value.trimStart();
      if (value.length === 0) return;
      this.started = true;
    }
    let end = value.length;
    while (end > 0 && isWhitespace(value.charCodeAt(end - 1))) end--;
    if (end === 0) {
      this.space += value;
      return;
    }
    const delta = this.space + (end === value.length ? value : value.slice(0, end));
    this.space = value.slice(end);
    this.sink.delta(this.field, delta);
  }
}
