import { decodeText, normalizeNewlines } from '../decode';
import { DocumentError } from '../errors';
import type { ParsedDocument } from '../types';

/** Decodes a text file of unknown encoding into text with one line-end convention. */
export function decodeTextFile(bytes: Uint8Array): { text: string; encoding: string } {
  const { text, encoding } = decodeText(bytes);
  const normalized = normalizeNewlines(text);
  if (normalized.trim() === '') {
    throw new DocumentError('empty', 'This file contains only blank space, no text.');
  }
  return { text: normalized, encoding };
}

/** A document of a format without pages: all of its text is page 1; no title when empty. */
export function unpaginated(
  fields: Omit<ParsedDocument, 'pages' | 'title'> & { title?: string },
): ParsedDocument {
  const { title, ...rest } = fields;
  return {
    ...rest,
    pages: [{ number: 1, charStart: 0, charEnd: rest.text.length, reading: 'text' }],
    ...(title ? { title } : {}),
  };
}

export function parseText(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeTextFile(bytes);
  return unpaginated({
    type: 'text',
    mediaType: `text/plain; charset=${encoding}`,
    text,
    headings: [],
  });
}
