import { decodeText, normalizeNewlines } from '../decode';
import { DocumentError } from '../errors';
import type { Page, ParsedDocument } from '../types';

/** Decodes a text file of unknown encoding into text with one line-end convention. */
export function decodeTextFile(bytes: Uint8Array): { text: string; encoding: string } {
  const { text, encoding } = decodeText(bytes);
  const normalized = normalizeNewlines(text);
  if (normalized.trim() === '') {
    throw new DocumentError('empty', 'This file contains only blank space, no text.');
  }
  return { text: normalized, encoding };
}

/** The one page of a format that has no pages. */
export function wholeTextPage(text: string): Page[] {
  return [{ number: 1, charStart: 0, charEnd: text.length }];
}

export function parseText(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeTextFile(bytes);
  return {
    type: 'text',
    mediaType: `text/plain; charset=${encoding}`,
    text,
    pages: wholeTextPage(text),
    headings: [],
  };
}
