import { decodeBytes, encodingFromBom, normalizeNewlines, sniffEncoding } from '../decode';
import { DocumentError } from '../errors';
import { htmlToText } from '../html-text';
import type { ParsedDocument } from '../types';
import { unpaginated } from './text';

export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const encoding = htmlEncoding(bytes);
  const { text, headings, title } = htmlToText(normalizeNewlines(decodeBytes(bytes, encoding)));
  if (text.trim() === '') {
    throw new DocumentError('no-text', 'No text to search in this HTML page.');
  }
  return unpaginated({
    type: 'html',
    mediaType: `text/html; charset=${encoding}`,
    text,
    headings,
    title,
  });
}

const PRESCAN_BYTES = 4096;
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

/**
 * The encoding as a browser would pick it: a byte order mark, then the charset a <meta>
 * declares near the top, then sniffing. A declared UTF-16 is read as UTF-8, as browsers do,
 * since a declaration readable as ASCII cannot be UTF-16; unknown labels are ignored.
 */
export function htmlEncoding(bytes: Uint8Array): string {
  const bom = encodingFromBom(bytes);
  if (bom) return bom;
  const sniffed = sniffEncoding(bytes);
  if (sniffed.startsWith('utf-16')) return sniffed;
  const head = decodeBytes(bytes.subarray(0, PRESCAN_BYTES), 'windows-1252');
  const label = META_CHARSET.exec(head)?.[1];
  if (label) {
    try {
      const declared = new TextDecoder(label).encoding;
      return declared.startsWith('utf-16') ? 'utf-8' : declared;
    } catch {
      // An unknown label: fall back to sniffing, as browsers do.
    }
  }
  return sniffed;
}
