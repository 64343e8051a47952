import type { Signature } from '../signature';
import type { FieldLexer, FieldSink } from './adapter';

type Mode =
  | 'before' // looking for the object's `{` (a model may write a preamble or a code fence)
  | 'key-wait'
  | 'key'
  | 'colon'
  | 'value-wait'
  | 'string'
  | 'raw' // a value that is not a string, passed on as its JSON text
  | 'after-value'
  | 'done';

const escapes: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const whitespace = /\s/;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * The JSON adapter's completion, read one chunk at a time: the first top-level object's keys
 * that name output fields. A string value is passed on decoded, as it arrives: an escape split
 * across chunks is held until complete, and a high surrogate until its pair, so no chunk carries
 * half a character. Any other value is passed on as its JSON text, trailing whitespace held.
 * A repeated key's later values are ignored. `JSONAdapter.parse` reads values with this lexer.
 */
export class JSONLexer implements FieldLexer {
  private readonly outputs: Set<string>;
  private readonly seen = new Set<string>();
  private mode: Mode = 'before';
  private key = '';
  /** The output field the current value belongs to, or null when it is ignored. */
  private field: string | null = null;
  /** An escape sequence begun but not finished. */
  private escape = '';
  /** Decoded text held back: a high surrogate, or a raw value's trailing whitespace. */
  private held = '';
  private depth = 0;
  private rawInString = false;
  private rawEscaped = false;
  /** Whether the top-level object was closed. */
  closed = false;

  constructor(
    signature: Signature,
    private readonly sink: FieldSink,
  ) {
    this.outputs = new Set(signature.outputNames);
  }

  get heldBack(): number {
    return this.escape.length + this.held.length;
  }

  push(chunk: string): void {
    let out = ''; // decoded text of the current value in this chunk
    let i = 0;
    while (i < chunk.length) {
      const c = chunk[i];
      switch (this.mode) {
        case 'before': {
          const open = chunk.indexOf('{', i);
          if (open === -1) return;
          this.mode = 'key-wait';
          i = open + 1;
          continue;
        }
        case 'key-wait':
          if (c === '"') {
            this.mode = 'key';
            this.key = '';
          } else if (c === '}') this.close();
          i++;
          continue;
        case 'colon':
          if (c === ':') this.mode = 'value-wait';
          i++;
          continue;
        case 'after-value':
          if (c === ',') this.mode = 'key-wait';
          else if (c === '}') this.close();
          i++;
          continue;
        case 'value-wait':
          if (whitespace.test(c)) {
            i++;
            continue;
          }
          this.field = this.outputs.has(this.key) && !this.seen.has(this.key) ? this.key : null;
          if (this.field !== null) {
            this.seen.add(this.field);
            this.sink.start(this.field);
          }
          if (c === '"') {
            this.mode = 'string';
            i++;
          } else {
            this.mode = 'raw';
            this.depth = 0;
            this.rawInString = false;
            this.rawEscaped = false;
          }
          continue;
        case 'key':
        case 'string': {
          if (this.escape) {
            this.escape += c;
            i++;
            const decoded = this.decodeEscape();
            if (decoded === undefined) continue;
            if (this.mode === 'key') this.key += decoded;
            else out += decoded;
            continue;
          }
          let j = i;
          while (j < chunk.length && chunk[j] !== '"' && chunk[j] !== '\\') j++;
          if (this.mode === 'key') this.key += chunk.slice(i, j);
          else out += chunk.slice(i, j);
          i = j;
          if (i === chunk.length) continue;
          if (chunk[i] === '\\') {
            this.escape = '\\';
            i++;
            continue;
          }
          i++; // the closing quote
          if (this.mode === 'key') {
            this.mode = 'colon';
          } else {
            this.emit(out, true);
            out = '';
            this.endValue('after-value');
          }
          continue;
        }
        case 'raw': {
          if (this.rawInString) {
            if (this.rawEscaped) this.rawEscaped = false;
            else if (c === '\\') this.rawEscaped = true;
            else if (c === '"') this.rawInString = false;
          } else if (c === '"') this.rawInString = true;
          else if (c === '{' || c === '[') this.depth++;
          else if ((c === '}' || c === ']') && this.depth > 0) this.depth--;
          else if (this.depth === 0 && (c === ',' || c === '}')) {
            this.emit(out, true);
            out = '';
            this.endValue('key-wait');
            if (c === '}') this.close();
            i++;
            continue;
          }
          out += c;
          i++;
          continue;
        }
        case 'done':
          return;
      }
    }
    if (this.mode === 'string' || this.mode === 'raw') this.emit(out, false);
  }

  finish(): void {
    if (this.mode === 'string' || this.mode === 'raw') {
      this.emit('', true);
      this.endValue('done');
    }
    this.mode = 'done';
  }

  /** Passes decoded text on, holding what could still change: see the class comment. */
  private emit(text: string, final: boolean): void {
    let value = this.held + text;
    this.held = '';
    if (!final) {
      if (this.mode === 'raw') {
        let end = value.length;
        while (end > 0 && whitespace.test(value[end - 1])) end--;
        this.held = value.slice(end);
        value = value.slice(0, end);
      } else if (value.length > 0 && isHighSurrogate(value.charCodeAt(value.length - 1))) {
        this.held = value.slice(-1);
        value = value.slice(0, -1);
      }
    } else if (this.mode === 'raw') {
      value = value.trimEnd();
    }
    if (value.length > 0 && this.field !== null) this.sink.delta(this.field, value);
  }

  private endValue(next: Mode): void {
    if (this.field !== null) this.sink.end(this.field);
    this.field = null;
    this.escape = '';
    this.held = '';
    this.mode = next;
  }

  private close(): void {
    this.closed = true;
    this.mode = 'done';
  }

  /** The decoded escape once complete; undefined while more characters are needed. */
  private decodeEscape(): string | undefined {
    const sequence = this.escape;
    if (sequence[1] === 'u') {
      if (sequence.length < 6) return undefined;
      this.escape = '';
      const code = Number.parseInt(sequence.slice(2), 16);
      return Number.isNaN(code) ? sequence : String.fromCharCode(code);
    }
    this.escape = '';
    return escapes[sequence[1]] ?? sequence.slice(1);
  }
}
