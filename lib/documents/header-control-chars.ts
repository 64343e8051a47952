import { Transform } from 'node:stream';

/**
 * Busboy follows HTTP's header grammar, which has no room for control characters, yet browsers
 * send them raw in a file's name (they escape only `"`, CR and LF). This passes a multipart body
 * through unchanged except inside each part's headers, where every control character becomes a
 * private-use character (U+E000 + its code) that `restoreControlChars` turns back once the name
 * is parsed. File contents are never touched.
 */
export function protectHeaderControlChars(boundary: string): Transform {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const headersEnd = Buffer.from('\r\n\r\n');
  let inHeaders = false;
  // The body starts with a CRLF of our own, so the first delimiter looks like every other one;
  // multipart allows it (an empty preamble).
  let pending: Buffer = Buffer.from('\r\n');

  function process(push: (b: Buffer) => void, final: boolean) {
    let at = 0;
    while (at < pending.length) {
      if (inHeaders) {
        const end = pending.indexOf(headersEnd, at);
        const stop =
          end >= 0
            ? end + headersEnd.length
            : final
              ? pending.length
              : Math.max(at, pending.length - 3);
        push(escapeControls(pending.subarray(at, stop)));
        at = stop;
        if (end < 0) break;
        inHeaders = false;
      } else {
        const found = pending.indexOf(delimiter, at);
        if (found < 0) {
          // Keep what could still be the start of a delimiter.
          const stop = final
            ? pending.length
            : Math.max(at, pending.length - (delimiter.length - 1));
          push(pending.subarray(at, stop));
          at = stop;
          break;
        }
        push(pending.subarray(at, found + delimiter.length));
        at = found + delimiter.length;
        inHeaders = true;
      }
    }
    pending = pending.subarray(at);
  }

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending = Buffer.concat([pending, chunk]);
      process((b) => this.push(b), false);
      done();
    },
    flush(done) {
      process((b) => this.push(b), true);
      done();
    },
  });
}

function isControl(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;
}

function escapeControls(bytes: Buffer): Buffer {
  if (!bytes.some(isControl)) return bytes;
  const out: number[] = [];
  for (const byte of bytes) {
    if (!isControl(byte)) {
      out.push(byte);
      continue;
    }
    const code = 0xe000 + byte; // UTF-8 of a private-use character
    out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Buffer.from(out);
}

export function restoreControlChars(name: string): string {
  return name.replace(/[\uE000-\uE01F\uE07F]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xe000),
  );
}
