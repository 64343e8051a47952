/**
 * Turning the bytes of a text file into a string when nobody says how they were encoded:
 * a byte order mark wins, then the NUL pattern of UTF-16 without one, then UTF-8 if the bytes
 * are (nearly all) valid UTF-8, and Windows-1252 (a superset of Latin-1) for the rest.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const SNIFF_BYTES = 4096;

export function encodingFromBom(bytes: Uint8Array): TextEncodingName | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a BOM: text that is mostly ASCII has a NUL as the high byte of nearly every
 * code unit, so NULs cluster on odd offsets (little-endian) or even offsets (big-endian).
 */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (length < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const units = length / 2;
  if (oddNuls > units * 0.3 && evenNuls < units * 0.05) return 'utf-16le';
  if (evenNuls > units * 0.3 && oddNuls < units * 0.05) return 'utf-16be';
  return null;
}

/**
 * UTF-8 unless the invalid sequences outnumber the valid non-ASCII characters: a Latin-1 file
 * has no valid multi-byte sequences at all, while a UTF-8 file with one damaged byte (say, cut
 * off mid-character) should not turn into mojibake as a whole.
 */
function utf8OrWindows1252(bytes: Uint8Array): TextEncodingName {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    let invalid = 0;
    let validNonAscii = 0;
    for (const char of lossy) {
      if (char === '\uFFFD') invalid++;
      else if (char.codePointAt(0)! > 0x7f) validNonAscii++;
    }
    return validNonAscii >= invalid * 4 ? 'utf-8' : 'windows-1252';
  }
}

export function sniffEncoding(bytes: Uint8Array): TextEncodingName {
  return encodingFromBom(bytes) ?? sniffUtf16(bytes) ?? utf8OrWindows1252(bytes);
}

/** Decodes with the given encoding; a BOM of that encoding is dropped. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes);
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const encoding = sniffEncoding(bytes);
  return { text: decodeBytes(bytes, encoding), encoding };
}

/** CRLF and lone CR become LF, so offsets and line logic see one kind of line end. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
